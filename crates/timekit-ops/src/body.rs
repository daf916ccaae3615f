//! Request bodies: typed or raw JSON, always a JSON object.

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

use crate::BuildError;

/// The body sent when an operation has nothing to say: `{}` for POST/PUT/PATCH, none
/// otherwise. Timekit answers `[]` bodies with 400, so an empty body is always an object.
pub(crate) fn default_body(method: &http::Method) -> Option<Bytes> {
    let takes_body = *method == http::Method::POST
        || *method == http::Method::PUT
        || *method == http::Method::PATCH;
    takes_body.then(|| Bytes::from_static(b"{}"))
}

/// A body given as a typed request or as raw JSON (the connector's "any JSON in" contract).
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBody<T> {
    /// A typed request, serialised with serde.
    Typed(T),
    /// JSON sent as given; it must be an object.
    Json(Value),
}

impl<T: Serialize> RequestBody<T> {
    /// The body as JSON.
    ///
    /// # Errors
    /// [`BuildError::Serialize`] if the typed value cannot be serialised;
    /// [`BuildError::BodyNotObject`] if the JSON is not an object.
    pub fn to_value(&self) -> Result<Value, BuildError> {
        let value = match self {
            RequestBody::Typed(typed) => {
                serde_json::to_value(typed).map_err(|err| BuildError::Serialize(err.to_string()))?
            }
            RequestBody::Json(value) => value.clone(),
        };
        ensure_object(&value)?;
        Ok(value)
    }

    /// The body as bytes, ready to send.
    ///
    /// # Errors
    /// As [`RequestBody::to_value`].
    pub fn to_bytes(&self) -> Result<Bytes, BuildError> {
        json_bytes(&self.to_value()?)
    }
}

/// Refuses any JSON that is not an object, naming what it was.
pub(crate) fn ensure_object(value: &Value) -> Result<(), BuildError> {
    let kind = match value {
        Value::Object(_) => return Ok(()),
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    };
    Err(BuildError::BodyNotObject(kind))
}

/// Serialises a JSON object that has already been checked.
pub(crate) fn json_bytes(value: &Value) -> Result<Bytes, BuildError> {
    ensure_object(value)?;
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|err| BuildError::Serialize(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Named {
        name: &'static str,
    }

    #[test]
    fn post_and_put_default_to_an_empty_object() {
        assert_eq!(
            default_body(&http::Method::POST).as_deref(),
            Some(&b"{}"[..])
        );
        assert_eq!(
            default_body(&http::Method::PUT).as_deref(),
            Some(&b"{}"[..])
        );
        assert_eq!(default_body(&http::Method::GET), None);
        assert_eq!(default_body(&http::Method::DELETE), None);
    }

    #[test]
    fn typed_and_json_bodies_serialise_to_the_same_object() {
        let typed = RequestBody::Typed(Named { name: "x" });
        let raw: RequestBody<Named> = RequestBody::Json(json!({"name": "x"}));
        assert_eq!(typed.to_value().unwrap(), raw.to_value().unwrap());
        let bytes = typed.to_bytes().unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&bytes).unwrap(),
            json!({"name": "x"})
        );
    }

    #[test]
    fn non_object_bodies_are_refused_by_kind() {
        let cases = [
            (json!([]), "an array"),
            (json!("x"), "a string"),
            (json!(1), "a number"),
            (json!(true), "a boolean"),
            (Value::Null, "null"),
        ];
        for (value, kind) in cases {
            let body: RequestBody<Named> = RequestBody::Json(value);
            assert_eq!(body.to_bytes(), Err(BuildError::BodyNotObject(kind)));
        }
        let typed_array = RequestBody::Typed(vec![1, 2]);
        assert_eq!(
            typed_array.to_value(),
            Err(BuildError::BodyNotObject("an array"))
        );
    }
}
