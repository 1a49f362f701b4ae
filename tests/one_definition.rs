//! The result record and the configuration are defined once (the WIT's
//! `extracted-content`, the Rust `Config`); everything that restates them by
//! hand (the host's JSON, the Go structs, the README, the C header) is
//! checked against that definition here.

use riptide_extractor::{Config, ExtractedContent};
use std::path::Path;

fn read(path: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The fields of WIT record `name`, in snake_case.
fn wit_record_fields(name: &str) -> Vec<String> {
    let wit = read("wit/extractor.wit");
    let start = wit
        .find(&format!("record {name} {{"))
        .unwrap_or_else(|| panic!("no record {name} in the WIT"));
    let body = &wit[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(|l| l.split(':').next().unwrap().trim().replace('-', "_"))
        .collect()
}

/// The field names `Config`'s `Deserialize` knows: one definition, asked
/// of serde itself.
fn config_fields() -> Vec<&'static str> {
    use serde::de::{self, Deserializer, Visitor};
    struct Fields(std::cell::Cell<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Stop
        }
    }
    impl<'de> Deserializer<'de> for &Fields {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0.set(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let f = Fields(std::cell::Cell::new(&[]));
    let _ = <Config as serde::Deserialize>::deserialize(&f);
    let fields = f.0.get().to_vec();
    assert!(fields.len() >= 10, "Config's fields: {fields:?}");
    fields
}

#[test]
fn the_host_json_has_exactly_the_wit_fields() {
    let wit = wit_record_fields("extracted-content");
    assert!(wit.len() >= 15, "{wit:?}");
    let json = serde_json::to_value(ExtractedContent::default()).unwrap();
    let mut keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
    let mut expected = wit.clone();
    keys.sort();
    expected.sort();
    assert_eq!(keys, expected, "src/content.rs ExtractedContent vs the WIT");
}

/// Asserts that each of `fields` appears in each restating file, as the
/// file's pattern (`{}` is the field) spells it.
fn assert_named<S: AsRef<str>>(what: &str, fields: &[S], places: &[(&str, &str)]) {
    for (path, pattern) in places {
        let text = read(path);
        for f in fields {
            let needle = pattern.replace("{}", f.as_ref());
            assert!(
                text.contains(&needle),
                "{path} lacks {what} field {} ({needle})",
                f.as_ref()
            );
        }
    }
}

#[test]
fn go_readme_and_header_name_every_result_field() {
    let places = [
        ("go/types.go", "json:\"{}\""),
        ("README.md", "\"{}\":"),
        ("include/riptide_extractor.h", "\"{}\""),
    ];
    assert_named("result", &wit_record_fields("extracted-content"), &places);
}

#[test]
fn go_readme_and_header_name_every_config_field() {
    let places = [
        ("go/types.go", "json:\"{},"),
        ("README.md", "| `{}` |"),
        ("include/riptide_extractor.h", "\"{}\""),
    ];
    assert_named("config", &config_fields(), &places);
}
