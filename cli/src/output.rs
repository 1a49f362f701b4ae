//! What a worker makes of a job (an output chunk, a skip or a failure) and
//! the run's summary.

use crate::input::Source;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::time::Duration;

/// A worker's result for one job, written in input order.
pub enum Outcome {
    Extracted(Vec<u8>),
    Filtered(&'static str),
    Skipped(String),
    /// `line` is the error object (JSONL) or empty in the other formats,
    /// where errors go to standard error.
    Failed {
        code: String,
        line: Vec<u8>,
    },
}

/// The JSON line of a failure: the source fields and `{"error": {code, message}}`.
pub fn error_json(source: &Source, code: &str, message: &str) -> Value {
    json!({ "source": source.to_json(), "error": { "code": code, "message": message } })
}

/// The JSONL line of an extraction: the result's fields plus `source`.
pub fn page_json(source: &Source, result: Value) -> Value {
    let mut map = match result {
        Value::Object(m) => m,
        other => {
            let mut m = Map::new();
            m.insert("result".into(), other);
            m
        }
    };
    map.insert("source".into(), source.to_json());
    Value::Object(map)
}

/// A WET `conversion` record of `text` for the page of `source`.
pub fn wet_record(source: &Source, text: &str, date: &str) -> Vec<u8> {
    let mut head = String::from("WARC/1.0\r\nWARC-Type: conversion\r\n");
    if let Some(uri) = &source.target_uri {
        head.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
    }
    head.push_str(&format!(
        "WARC-Date: {}\r\n",
        source.warc_date.as_deref().unwrap_or(date)
    ));
    head.push_str(&format!(
        "WARC-Record-ID: <urn:uuid:{}>\r\n",
        uuid::Uuid::new_v4()
    ));
    if let Some(id) = &source.record_id {
        head.push_str(&format!("WARC-Refers-To: {id}\r\n"));
    }
    head.push_str(&format!(
        "Content-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        text.len()
    ));
    let mut out = head.into_bytes();
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// The `warcinfo` record that opens a WET file.
pub fn wet_info(date: &str) -> Vec<u8> {
    let body = format!(
        "software: riptide/{} (riptide-extractor {})\r\nformat: WARC File Format 1.0\r\nconformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n",
        env!("CARGO_PKG_VERSION"),
        riptide_extractor::VERSION
    );
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/warc-fields\r\nContent-Length: {}\r\n\r\n",
        uuid::Uuid::new_v4(),
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[derive(Default, Debug)]
pub struct Summary {
    /// Jobs seen: WARC records and page files (including failures).
    pub records: u64,
    pub extracted: u64,
    pub skipped: BTreeMap<String, u64>,
    pub filtered: BTreeMap<String, u64>,
    pub failed: BTreeMap<String, u64>,
    pub interrupted: bool,
}

impl Summary {
    pub fn count(&mut self, outcome: &Outcome) {
        self.records += 1;
        match outcome {
            Outcome::Extracted(_) => self.extracted += 1,
            Outcome::Filtered(why) => *self.filtered.entry(why.to_string()).or_default() += 1,
            Outcome::Skipped(kind) => *self.skipped.entry(kind.clone()).or_default() += 1,
            Outcome::Failed { code, .. } => *self.failed.entry(code.clone()).or_default() += 1,
        }
    }

    pub fn failures(&self) -> u64 {
        self.failed.values().sum()
    }

    pub fn to_json(&self, elapsed: Duration) -> Value {
        let secs = elapsed.as_secs_f64();
        json!({
            "records": self.records,
            "extracted": self.extracted,
            "skipped": self.skipped,
            "filtered": self.filtered,
            "failed": self.failed,
            "seconds": (secs * 1000.0).round() / 1000.0,
            "pages_per_second": if secs > 0.0 { ((self.extracted as f64 / secs) * 10.0).round() / 10.0 } else { 0.0 },
            "interrupted": self.interrupted,
        })
    }

    /// The human-readable summary for standard error.
    pub fn text(&self, elapsed: Duration) -> String {
        let list = |m: &BTreeMap<String, u64>| {
            if m.is_empty() {
                "none".to_string()
            } else {
                m.iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let secs = elapsed.as_secs_f64();
        format!(
            "riptide: {} records read, {} extracted, {} skipped ({}), {} filtered ({}), {} failed ({}); {:.1} s, {:.1} pages/s{}",
            self.records,
            self.extracted,
            self.skipped.values().sum::<u64>(),
            list(&self.skipped),
            self.filtered.values().sum::<u64>(),
            list(&self.filtered),
            self.failures(),
            list(&self.failed),
            secs,
            if secs > 0.0 { self.extracted as f64 / secs } else { 0.0 },
            if self.interrupted { "; interrupted" } else { "" }
        )
    }
}
