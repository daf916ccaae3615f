//! Fault rules as JSON, for the control API (`/__emulator/faults`, issue 18): the same
//! choices as [`FaultRule`] and [`Fault`], field for field.
//!
//! ```json
//! {"fault": {"kind": "status", "status": 503, "retry_after": 2},
//!  "method": "GET", "path_prefix": "/v2/app", "times": 1, "probability": 1.0}
//! ```
//!
//! Kinds: `latency` (`ms`), `status` (`status`, optional `retry_after` seconds and `body`
//! text), `close_before_handler`, `close_after_handler`, `truncated_body`, `malformed_json`,
//! `html_502`, `huge_body` (`bytes`), `slow_body` (optional `chunk` bytes and `delay_ms`).
//! A path is `path_prefix` or `path_glob` (at most one; neither matches every path).

use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use serde_json::{Map, Value, json};

use super::{Fault, FaultRule, PathPattern};

/// The most bytes a `huge_body` fault may announce from JSON (1 GiB).
const MAX_HUGE_BODY: u64 = 1 << 30;

/// A rule from its JSON form; `Err` names the field and says what is wrong.
pub(crate) fn rule_from_json(body: &Map<String, Value>) -> Result<FaultRule, (String, String)> {
    let fault = match body.get("fault") {
        Some(Value::Object(fault)) => fault_from_json(fault)?,
        Some(Value::String(kind)) => fault_from_json(&Map::from_iter([(
            "kind".to_owned(),
            Value::String(kind.clone()),
        )]))?,
        _ => {
            return Err(field(
                "fault",
                "The fault field must be an object with a kind.",
            ));
        }
    };
    let mut rule = FaultRule::new(fault);
    match body.get("method") {
        None | Some(Value::Null) => {}
        Some(Value::String(method)) => {
            let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                .map_err(|_| field("method", "The method must be an HTTP method."))?;
            rule = rule.method(method);
        }
        Some(_) => return Err(field("method", "The method must be an HTTP method.")),
    }
    match (body.get("path_prefix"), body.get("path_glob")) {
        (Some(_), Some(_)) => {
            return Err(field(
                "path_glob",
                "Give path_prefix or path_glob, not both.",
            ));
        }
        (Some(prefix), None) => rule = rule.path_prefix(text(prefix, "path_prefix")?),
        (None, Some(glob)) => rule = rule.path_glob(text(glob, "path_glob")?),
        (None, None) => {}
    }
    match body.get("times") {
        None | Some(Value::Null) => {}
        Some(times) => {
            let times = times
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    field(
                        "times",
                        "The times field must be a whole number of at least 1.",
                    )
                })?;
            rule = rule.times(times);
        }
    }
    match body.get("probability") {
        None | Some(Value::Null) => {}
        Some(probability) => {
            let probability = probability
                .as_f64()
                .filter(|p| (0.0..=1.0).contains(p))
                .ok_or_else(|| field("probability", "The probability must be between 0 and 1."))?;
            rule = rule.probability(probability);
        }
    }
    Ok(rule)
}

fn fault_from_json(fault: &Map<String, Value>) -> Result<Fault, (String, String)> {
    let kind = fault
        .get("kind")
        .and_then(Value::as_str)
        .ok_or_else(|| field("fault.kind", "The fault needs a kind."))?;
    let number = |name: &str| -> Result<Option<u64>, (String, String)> {
        match fault.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value.as_u64().map(Some).ok_or_else(|| {
                field(
                    &format!("fault.{name}"),
                    &format!("The {name} field must be a whole number."),
                )
            }),
        }
    };
    let required = |name: &str| -> Result<u64, (String, String)> {
        number(name)?.ok_or_else(|| {
            field(
                &format!("fault.{name}"),
                &format!("A {kind} fault needs {name}."),
            )
        })
    };
    Ok(match kind {
        "latency" => Fault::Latency(Duration::from_millis(required("ms")?)),
        "status" => {
            let status = u16::try_from(required("status")?)
                .ok()
                .and_then(|code| StatusCode::from_u16(code).ok())
                .ok_or_else(|| field("fault.status", "The status must be an HTTP status code."))?;
            let body = match fault.get("body") {
                None | Some(Value::Null) => None,
                Some(body) => Some(Bytes::from(text(body, "fault.body")?)),
            };
            Fault::Status {
                status,
                retry_after: number("retry_after")?,
                body,
            }
        }
        "close_before_handler" => Fault::CloseBeforeHandler,
        "close_after_handler" => Fault::CloseAfterHandler,
        "truncated_body" => Fault::TruncatedBody,
        "malformed_json" => Fault::MalformedJson,
        "html_502" => Fault::Html502,
        "huge_body" => {
            let bytes = required("bytes")?;
            if bytes > MAX_HUGE_BODY {
                return Err(field(
                    "fault.bytes",
                    "A huge_body fault sends at most 1 GiB.",
                ));
            }
            Fault::HugeBody(bytes)
        }
        "slow_body" => {
            let Fault::SlowBody { chunk, delay } = Fault::slow_body() else {
                unreachable!("slow_body builds a SlowBody")
            };
            let chunk = match number("chunk")? {
                Some(0) => return Err(field("fault.chunk", "The chunk must be at least 1.")),
                Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
                None => chunk,
            };
            let delay = number("delay_ms")?.map_or(delay, Duration::from_millis);
            Fault::SlowBody { chunk, delay }
        }
        _ => {
            return Err(field(
                "fault.kind",
                &format!("Unknown fault kind \"{kind}\"."),
            ));
        }
    })
}

/// The JSON form of a rule, with `remaining` uses (`null`: unlimited).
pub(crate) fn rule_to_json(rule: &FaultRule) -> Value {
    let mut out = Map::new();
    out.insert("fault".to_owned(), fault_to_json(&rule.fault));
    out.insert(
        "method".to_owned(),
        rule.method
            .as_ref()
            .map_or(Value::Null, |method| Value::String(method.to_string())),
    );
    match &rule.path {
        PathPattern::Prefix(prefix) => {
            out.insert("path_prefix".to_owned(), json!(prefix));
        }
        PathPattern::Glob(glob) => {
            out.insert("path_glob".to_owned(), json!(glob));
        }
        PathPattern::Any => {}
    }
    out.insert("remaining".to_owned(), json!(rule.times));
    out.insert("probability".to_owned(), json!(rule.probability));
    Value::Object(out)
}

fn fault_to_json(fault: &Fault) -> Value {
    match fault {
        Fault::Latency(delay) => json!({"kind": "latency", "ms": millis(*delay)}),
        Fault::Status {
            status,
            retry_after,
            body,
        } => json!({
            "kind": "status",
            "status": status.as_u16(),
            "retry_after": retry_after,
            "body": body.as_ref().map(|body| String::from_utf8_lossy(body).into_owned()),
        }),
        Fault::CloseBeforeHandler => json!({"kind": "close_before_handler"}),
        Fault::CloseAfterHandler => json!({"kind": "close_after_handler"}),
        Fault::TruncatedBody => json!({"kind": "truncated_body"}),
        Fault::MalformedJson => json!({"kind": "malformed_json"}),
        Fault::Html502 => json!({"kind": "html_502"}),
        Fault::HugeBody(bytes) => json!({"kind": "huge_body", "bytes": bytes}),
        Fault::SlowBody { chunk, delay } => {
            json!({"kind": "slow_body", "chunk": chunk, "delay_ms": millis(*delay)})
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn text(value: &Value, name: &str) -> Result<String, (String, String)> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| field(name, &format!("The {name} field must be text.")))
}

fn field(name: &str, message: &str) -> (String, String) {
    (name.to_owned(), message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: Value) -> Result<FaultRule, (String, String)> {
        rule_from_json(value.as_object().unwrap())
    }

    #[test]
    fn every_kind_round_trips() {
        for fault in [
            json!({"kind": "latency", "ms": 250}),
            json!({"kind": "status", "status": 503, "retry_after": 2, "body": "{\"error\":\"x\"}"}),
            json!({"kind": "status", "status": 500, "retry_after": null, "body": null}),
            json!({"kind": "close_before_handler"}),
            json!({"kind": "close_after_handler"}),
            json!({"kind": "truncated_body"}),
            json!({"kind": "malformed_json"}),
            json!({"kind": "html_502"}),
            json!({"kind": "huge_body", "bytes": 1000}),
            json!({"kind": "slow_body", "chunk": 4, "delay_ms": 5}),
        ] {
            let body = json!({
                "fault": fault, "method": "PUT", "path_glob": "/v2/bookings/*",
                "times": 2, "probability": 0.5,
            });
            let rule = parse(body).unwrap();
            assert_eq!(rule.times, Some(2));
            assert_eq!(rule.method, Some(Method::PUT));
            assert_eq!(
                rule_to_json(&rule),
                json!({
                    "fault": fault, "method": "PUT", "path_glob": "/v2/bookings/*",
                    "remaining": 2, "probability": 0.5,
                })
            );
        }
        let defaults = parse(json!({"fault": "html_502"})).unwrap();
        assert_eq!(defaults, FaultRule::new(Fault::Html502));
        let slow = parse(json!({"fault": {"kind": "slow_body"}})).unwrap();
        assert_eq!(slow.fault, Fault::slow_body());
        let prefix = parse(json!({"fault": "html_502", "path_prefix": "/v2/app"})).unwrap();
        assert_eq!(prefix.path, PathPattern::Prefix("/v2/app".into()));
    }

    #[test]
    fn bad_rules_name_the_field() {
        for (body, name) in [
            (json!({}), "fault"),
            (json!({"fault": {"kind": "nope"}}), "fault.kind"),
            (json!({"fault": {}}), "fault.kind"),
            (json!({"fault": {"kind": "latency"}}), "fault.ms"),
            (
                json!({"fault": {"kind": "status", "status": 42}}),
                "fault.status",
            ),
            (
                json!({"fault": {"kind": "huge_body", "bytes": u64::MAX}}),
                "fault.bytes",
            ),
            (
                json!({"fault": {"kind": "slow_body", "chunk": 0}}),
                "fault.chunk",
            ),
            (
                json!({"fault": "html_502", "method": "NOT A METHOD"}),
                "method",
            ),
            (json!({"fault": "html_502", "times": 0}), "times"),
            (
                json!({"fault": "html_502", "probability": 2}),
                "probability",
            ),
            (
                json!({"fault": "html_502", "path_prefix": "/a", "path_glob": "/b"}),
                "path_glob",
            ),
        ] {
            assert_eq!(parse(body.clone()).unwrap_err().0, name, "{body}");
        }
    }
}
