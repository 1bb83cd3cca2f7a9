//! The reader against serde_json: what the reader accepts, serde_json accepts, with the same
//! value; the rest the reader refuses (and serde_json decides).

use proptest::prelude::*;
use serde_json::value::RawValue;

use super::{from_str, Bail};
use crate::test_support::*;

/// Checks the reader's promise on `text` for `T`, and returns whether it read the text.
fn agrees<T>(text: &str) -> bool
where
    T: de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    match from_str::<T>(text) {
        Ok(fast) => {
            let slow = serde_json::from_str::<T>(text);
            assert!(
                slow.is_ok(),
                "the reader read {text:?}, serde_json refused it: {slow:?}"
            );
            assert_eq!(Some(fast), slow.ok(), "{text:?}");
            true
        }
        Err(Bail) => false,
    }
}

/// A value's JSON text, compared by text (`RawValue` has no `PartialEq`).
#[derive(Debug, PartialEq)]
struct Raw(String);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(|raw| Raw(raw.get().to_owned()))
    }
}

#[test]
fn edge_cases_are_read_as_serde_json_reads_them_or_left_to_it() {
    let read = [
        "0",
        "-1",
        "999999999999999999",
        "-999999999999999999",
        "1.5",
        "-0",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "0.1e-5",
        r#""\ud83d\ude00""#,
        r#""a\u0000b\n""#,
        r#" { "a" : [ 1 , { } , [ ] , null , true , false ] } "#,
        r#"{"a":1,"a":2}"#,
        "\"\u{7f}é\"",
    ];
    for text in read {
        assert!(agrees::<JsonValue>(text), "{text}");
    }
    let refused = [
        r#""\ud800""#,
        "[1,]",
        r#"{"a":1,}"#,
        "1 2",
        r#"{"a":1}x"#,
        "nul",
        "tru",
        "[",
        "]",
        "\"\u{1}\"",
        "01",
        "",
        " ",
        r#"{"a" 1}"#,
        "[1 2]",
        "NaN",
        // Out of a double's range: serde_json refuses it, after the reader hands it over.
        "1e400",
    ];
    for text in refused {
        assert!(!agrees::<JsonValue>(text), "{text}");
        assert!(serde_json::from_str::<JsonValue>(text).is_err() || text.contains("ud83d"));
    }
}

#[test]
fn nesting_past_the_limit_is_left_to_serde_json() {
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(agrees::<JsonValue>(&nested(100)));
    assert!(!agrees::<JsonValue>(&nested(101)));
    // serde_json reads 101 (its limit is 128), so the whole decode still succeeds.
    assert!(crate::wire::from_str::<JsonValue>(&nested(101)).is_ok());
}

#[test]
fn raw_values_are_the_text_between_the_spaces() {
    for text in [r#" {"a": [1, "x\"y"]} "#, "[]", "\"s\"", "-1.5e3", "null"] {
        assert!(agrees::<Raw>(text), "{text}");
        assert_eq!(from_str::<Raw>(text), Ok(Raw(text.trim().to_owned())));
    }
    assert!(!agrees::<Raw>("[1,]"));
}

#[test]
fn messages_read_by_the_reader_equal_serde_json_s() {
    let text = r#"{"name": "c\"1", "size": "9223372036854775807", "ratio": "NaN",
        "createdAt": "2024-01-02T03:04:05.123Z",
        "hosts": [{"name": "h1", "port": 6432, "health": "ALIVE"}, {"health": 7}],
        "labels": {"env": "prod", "n": 5, "deep": {"x": [1]}, "esc": "a\nb", "big": 1.5e3},
        "parent": {"name": "p", "hosts": []},
        "weeklyMaintenanceWindow": {"name": "MON"}, "updateMask": "name,config.spqrConfig",
        "extra": {"free": ["form", 1.25, -3]}, "futureField": {"nested": [1, 2, 3]},
        "na\u006de2": null}"#;
    let fast: Cluster = from_str(text).unwrap();
    let slow: Cluster = serde_json::from_str(text).unwrap();
    // (`ratio` is NaN, which equals nothing: compared as JSON.)
    assert_eq!(to_value(&fast).unwrap(), to_value(&slow).unwrap());
    assert_eq!(fast.hosts, slow.hosts);
    assert_eq!(fast.name.as_deref(), Some("c\"1"));
    // Map entries are read from their text, and those of another shape kept as JSON.
    assert_eq!(fast.labels, slow.labels);
    assert_eq!(fast.labels.get("esc").map(String::as_str), Some("a\nb"));
    let kept: Vec<&str> = fast
        .labels
        .unreadable()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(kept, ["big", "deep", "n"]);
    // A bad value is refused, so that serde_json names it.
    assert_eq!(
        from_str::<Cluster>(r#"{"hosts": [{"port": "x"}]}"#),
        Err(Bail)
    );
}

#[test]
fn anys_and_map_entries_are_read_from_lent_text_not_left() {
    // The lent-text protocol (`LENT_TEXT`) keeps these on the reader: none is refused.
    for text in [
        r#"{"@type":"type.googleapis.com/test.v1.Host","name":"h","port":5}"#,
        r#"{"name":"h"}"#,
        r#"{"a":1,"@type":"x"}"#,
        r#"{ "@type" : "x\/y" }"#,
    ] {
        let any = from_str::<crate::Any>(text).unwrap_or_else(|_| panic!("refused {text}"));
        let slow: crate::Any = serde_json::from_str(text).unwrap();
        assert_eq!(any.type_url, slow.type_url, "{text}");
        assert_eq!(any.to_json(), slow.to_json(), "{text}");
    }
    let cluster = from_str::<Cluster>(r#"{"labels": {"a": "b", "n": 1}}"#).unwrap();
    assert_eq!(cluster.labels.len(), 1);
    assert_eq!(cluster.labels.unreadable().len(), 1);
}

/// Any JSON value, as text.
fn json_value() -> impl Strategy<Value = JsonValue> {
    let leaf = prop_oneof![
        Just(JsonValue::Null),
        any::<bool>().prop_map(JsonValue::from),
        any::<i64>().prop_map(JsonValue::from),
        any::<u64>().prop_map(JsonValue::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(JsonValue::from),
        any::<String>().prop_map(JsonValue::from),
        "[a-z\"\\\\\u{0}-\u{1f}é]{0,12}".prop_map(JsonValue::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(JsonValue::Array),
            prop::collection::btree_map("[a-z\"\\\\é]{0,6}", inner, 0..6)
                .prop_map(|m| JsonValue::Object(m.into_iter().collect())),
        ]
    })
}

/// JSON text and text a byte or two away from JSON.
fn text() -> impl Strategy<Value = String> {
    (
        json_value(),
        any::<bool>(),
        prop::collection::vec((any::<prop::sample::Index>(), 0usize..12), 0..3),
    )
        .prop_map(|(value, pretty, edits)| {
            let mut text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                value.to_string()
            };
            const BYTES: &[&str] = &["", ",", "]", "}", "\"", "\\", "0", "-", " ", ":", "e", "."];
            for (at, with) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                if with == 0 && i < text.len() {
                    let end = (i + 1..=text.len())
                        .find(|&j| text.is_char_boundary(j))
                        .unwrap();
                    text.replace_range(i..end, "");
                } else {
                    text.insert_str(i, BYTES[with]);
                }
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn what_the_reader_reads_serde_json_reads_alike(text in text()) {
        agrees::<JsonValue>(&text);
        agrees::<Raw>(&text);
        agrees::<String>(&text);
    }

    #[test]
    fn strings_are_read_whole_whatever_their_escapes(s in "[a-z\"\\\\\u{0}-\u{1f}é]{0,80}") {
        // Owned strings take the buffer their escapes were read into: any length, any
        // number of escapes, anywhere.
        let text = serde_json::to_string(&s).unwrap();
        prop_assert!(agrees::<String>(&text));
        prop_assert_eq!(from_str::<String>(&text), Ok(s));
    }

    #[test]
    fn json_text_is_read_not_left(value in json_value()) {
        // Nothing here is beyond the reader: it must not leave plain JSON to serde_json.
        prop_assert!(agrees::<JsonValue>(&value.to_string()));
        prop_assert!(agrees::<JsonValue>(&serde_json::to_string_pretty(&value).unwrap()));
    }
}
