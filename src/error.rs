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
        let mut names = std::collections::HashSet::new();
        for (i, s) in RxStatus::all().into_iter().enumerate() {
            assert_eq!(s as usize, i);
            assert_eq!(RxStatus::from_code(i as i64), Some(s));
            assert!(names.insert(s.name()));
        }
        let last = RxStatus::all().len() as i64 - 1;
        assert_eq!(RxStatus::from_code(-1), None);
        assert_eq!(RxStatus::from_code(last + 1), None);
    }
}
