//! Request bodies: typed or raw JSON, always a JSON object — with one documented exception,
//! `json_array_bytes`, for the one endpoint whose body is a bare array.

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

/// What kind of JSON value `value` is, for refusals ("an array", "null" …).
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    }
}

/// Refuses any JSON that is not an object, naming what it was.
pub(crate) fn ensure_object(value: &Value) -> Result<(), BuildError> {
    if value.is_object() {
        Ok(())
    } else {
        Err(BuildError::BodyNotObject(kind_of(value)))
    }
}

/// The one exception to the object-only rule: a body that must be a bare JSON array.
///
/// `PUT /projects/{id}/resources` takes the new resource set as `["<id>", …]` (the official
/// SDK sends `data.resources` as the whole body, `timekit-api-more.md` §3.1), so
/// `ReplaceProjectResources` — and only it; a test checks that — builds its body here.
/// Anything that is not an array is refused with [`BuildError::BodyNotArray`].
pub(crate) fn json_array_bytes(value: &Value) -> Result<Bytes, BuildError> {
    if !value.is_array() {
        return Err(BuildError::BodyNotArray(kind_of(value)));
    }
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|err| BuildError::Serialize(err.to_string()))
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
        let object: RequestBody<Named> = RequestBody::Json(json!({}));
        assert!(object.to_bytes().is_ok());
        let typed_array = RequestBody::Typed(vec![1, 2]);
        assert_eq!(
            typed_array.to_value(),
            Err(BuildError::BodyNotObject("an array"))
        );
    }

    #[test]
    fn the_array_helper_takes_arrays_only() {
        assert_eq!(
            json_array_bytes(&json!(["r1", "r2"])).unwrap(),
            Bytes::from_static(br#"["r1","r2"]"#)
        );
        assert_eq!(
            json_array_bytes(&json!([])).unwrap(),
            Bytes::from_static(b"[]")
        );
        let cases = [
            (json!({}), "an object"),
            (json!("x"), "a string"),
            (json!(1), "a number"),
            (json!(false), "a boolean"),
            (Value::Null, "null"),
        ];
        for (value, kind) in cases {
            assert_eq!(
                json_array_bytes(&value),
                Err(BuildError::BodyNotArray(kind))
            );
        }
    }

    /// The array exception is used by exactly one operation: every other body goes through
    /// the object-only helpers.
    #[test]
    fn only_replace_project_resources_sends_an_array() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut users = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|ext| ext == "rs")
                    && !path.ends_with("body.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    if text.contains("json_array_bytes") {
                        users.push(path.strip_prefix(&root).unwrap().display().to_string());
                    }
                }
            }
        }
        assert_eq!(users, vec!["projects/replace_resources.rs".to_owned()]);
    }
}
