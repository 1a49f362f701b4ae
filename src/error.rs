//! The library's error type: a status code plus a human-readable message.

use crate::status::RxStatus;
use std::fmt;

/// A failed operation: what kind (`status`) and why (`message`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub status: RxStatus,
    pub message: String,
}

impl Error {
    pub fn new(status: RxStatus, message: impl Into<String>) -> Self {
        debug_assert!(status != RxStatus::Ok);
        Error {
            status,
            message: message.into(),
        }
    }

    /// `{"code": "<status name>", "message": "..."}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "code": self.status.name(), "message": self.message }).to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status.name(), self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_json_has_code_and_escaped_message() {
        let e = Error::new(RxStatus::Timeout, "took \"too\" long\n");
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(v["code"], "timeout");
        assert_eq!(v["message"], "took \"too\" long\n");
    }

    #[test]
    fn status_codes_are_dense_and_named_uniquely() {
        // Values increase through all(); 16 and 17 belong to statuses of
        // another branch until it is merged (then all() is dense again).
        let mut names = std::collections::HashSet::new();
        let mut last = -1i64;
        for s in RxStatus::all() {
            assert!(s as i64 > last);
            last = s as i64;
            assert_eq!(RxStatus::from_code(s as i64), Some(s));
            assert!(names.insert(s.name()));
        }
        assert_eq!(RxStatus::from_code(-1), None);
        assert_eq!(RxStatus::from_code(last + 1), None);
    }
}
