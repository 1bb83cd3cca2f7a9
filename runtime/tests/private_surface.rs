//! The surface generated code compiles against: every item it reaches through `__private`
//! (as `rt::...`) and the public types at the crate root, used the way the generator emits
//! them. A rename or a changed signature in the runtime fails here before it fails in a
//! generated crate.

use std::collections::BTreeMap;

use serde::de::{Deserialize, Deserializer, MapAccess};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::json;
use yandex_cloud_runtime::__private as rt;
use yandex_cloud_runtime::{
    wire, Any, FieldMask, MapField, Message, UnknownEnumValue, UnknownFields,
};

/// Every codec, by name.
#[allow(dead_code)]
type Codecs = (
    (
        rt::Str,
        rt::Bool,
        rt::Int32,
        rt::Uint32,
        rt::Int64,
        rt::Uint64,
    ),
    (
        rt::Float,
        rt::Double,
        rt::Bytes,
        rt::Timestamp,
        rt::Duration,
    ),
    (
        rt::FieldMask,
        rt::Json,
        rt::Any,
        rt::Serde<Machine>,
        rt::Enum<State>,
    ),
    (
        rt::Repeated<rt::Str>,
        rt::Map<rt::Int64>,
        rt::Boxed<rt::Serde<Machine>>,
    ),
    (
        rt::MapField<String>,
        rt::UnknownFields,
        rt::UnknownEnumValue,
        rt::Error,
    ),
    (rt::Decode<rt::Str>, rt::MessageVisitor<Machine>),
);

/// The same types at their public paths.
#[allow(dead_code)]
type Public = (
    Any,
    FieldMask,
    MapField<u32>,
    UnknownFields,
    UnknownEnumValue,
    wire::Error,
    wire::ErrorKind,
);

#[derive(Clone, Debug, Default, PartialEq)]
enum State {
    #[default]
    Unspecified,
    Running,
    Unknown(rt::UnknownEnumValue),
}

impl rt::Enumeration for State {
    fn from_name(name: &str) -> Self {
        match name {
            "STATE_UNSPECIFIED" => State::Unspecified,
            "RUNNING" => State::Running,
            other => State::Unknown(rt::UnknownEnumValue::from_name(other)),
        }
    }

    fn from_unknown(v: rt::UnknownEnumValue) -> Self {
        State::Unknown(v)
    }

    fn as_str(&self) -> &str {
        match self {
            State::Unspecified => "STATE_UNSPECIFIED",
            State::Running => "RUNNING",
            State::Unknown(v) => v.as_str(),
        }
    }

    fn unknown(&self) -> Option<&rt::UnknownEnumValue> {
        match self {
            State::Unknown(v) => Some(v),
            _ => None,
        }
    }
}

impl rt::Value for State {
    type Codec = rt::Enum<Self>;
}

impl Serialize for State {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        rt::encode_enum(self, s)
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        rt::decode_enum(d)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Placement {
    Zone(String),
    Host(Box<Machine>),
}

impl rt::Oneof for Placement {
    fn json_name(&self) -> &'static str {
        match self {
            Placement::Zone(_) => "zone",
            Placement::Host(_) => "host",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Machine {
    id: Option<String>,
    cores: Option<i64>,
    state: Option<State>,
    disks: Vec<u64>,
    labels: rt::MapField<String>,
    placement: Option<Placement>,
    metadata: Option<rt::Any>,
    unknown: rt::UnknownFields,
}

impl rt::Value for Machine {
    type Codec = rt::Serde<Self>;
}

impl rt::Message for Machine {
    const NAME: &'static str = "test.v1.Machine";

    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "id" => self.id = rt::field(map)?,
            "cores" => self.cores = rt::field(map)?,
            "state" => self.state = rt::field(map)?,
            "disks" => self.disks = rt::repeated(map)?,
            "labels" => self.labels = rt::map(map)?,
            "zone" => {
                let v = rt::field(map)?.map(Placement::Zone);
                rt::set_oneof(&mut self.placement, v)?;
            }
            "host" => {
                let v = rt::field(map)?.map(Placement::Host);
                rt::set_oneof(&mut self.placement, v)?;
            }
            "metadata" => self.metadata = rt::field(map)?,
            _ => self.unknown.read(key, map)?,
        }
        Ok(())
    }
}

impl Serialize for Machine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        rt::put(&mut m, "id", &self.id)?;
        rt::put(&mut m, "cores", &self.cores)?;
        rt::put(&mut m, "state", &self.state)?;
        rt::put_repeated(&mut m, "disks", &self.disks)?;
        rt::put_map(&mut m, "labels", &self.labels)?;
        match &self.placement {
            Some(Placement::Zone(v)) => rt::put_value(&mut m, "zone", v)?,
            Some(Placement::Host(v)) => rt::put_value(&mut m, "host", v)?,
            None => {}
        }
        rt::put(&mut m, "metadata", &self.metadata)?;
        self.unknown.write(&mut m)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Machine {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        rt::decode_message(d)
    }
}

/// A second message, decoding through the visitor directly.
#[derive(Debug, Default)]
struct Empty;

impl Message for Empty {
    const NAME: &'static str = "test.v1.Empty";

    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        _key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        map.next_value::<serde::de::IgnoredAny>().map(|_| ())
    }
}

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(rt::MessageVisitor::<Self>::new())
    }
}

#[test]
fn a_generated_shaped_message_round_trips_through_private() {
    let input = json!({
        "id": "m1",
        "cores": "4",
        "state": "RUNNING",
        "disks": ["1", "2"],
        "labels": {"env": "prod"},
        "host": {"id": "parent", "state": 7},
        "metadata": {"@type": "type.googleapis.com/test.v1.Machine", "id": "x"},
        "later": true
    });
    let m: Machine = rt::from_value(input.clone()).unwrap();
    assert_eq!(m.cores, Some(4));
    assert!(m.metadata.as_ref().unwrap().is::<Machine>());
    assert_eq!(rt::to_value(&m).unwrap(), input);
    let text = rt::to_string(&m).unwrap();
    assert_eq!(rt::from_str::<Machine>(&text).unwrap(), m);
    assert_eq!(
        rt::from_slice::<Machine>(&rt::to_vec(&m).unwrap()).unwrap(),
        m
    );
    assert!(rt::to_string_pretty(&m).unwrap().contains('\n'));
    let _: Empty = wire::from_str("{\"a\": 1}").unwrap();

    let e: rt::Error = rt::from_str::<Machine>("{\"zone\": \"a\", \"host\": {}}").unwrap_err();
    assert_eq!(e.path(), ".");
    assert_eq!(e.kind(), wire::ErrorKind::Data);

    let mut labels = BTreeMap::new();
    labels.insert("k".to_owned(), "v".to_owned());
    let labels: MapField<String> = labels.into();
    assert!(!labels.is_empty());
}

#[test]
fn codecs_read_and_write_one_value() {
    use serde::de::DeserializeSeed;

    let v = rt::Decode::<rt::Int64>::new()
        .deserialize(json!("-5"))
        .unwrap();
    assert_eq!(v, -5);
    let e = rt::Encode::<rt::Int64>(&v);
    assert_eq!(rt::to_value(&e).unwrap(), json!("-5"));
    fn codec_of<V: rt::Value>(_: &V) -> &'static str {
        std::any::type_name::<V::Codec>()
    }
    assert!(codec_of(&0i64).ends_with("Int64"));
    let _ = <rt::Str as rt::Codec>::decode_optional(json!(null)).unwrap();
}
