//! A hand-written enum and messages, shaped like the generated code, and helpers that read
//! and write one value with a codec; shared by the tests of every module.

pub(crate) use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess};
pub(crate) use serde::ser::{Serialize, SerializeMap, Serializer};
pub(crate) use serde_json::{json, Value as JsonValue};
pub(crate) use time::macros::datetime;
pub(crate) use time::OffsetDateTime;

pub(crate) use crate::__private::*;

#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub(crate) enum Health {
    #[default]
    Unknown,
    Alive,
    Dead,
    UnknownValue(UnknownEnumValue),
}

impl Enumeration for Health {
    fn from_name(name: &str) -> Self {
        match name {
            "HEALTH_UNKNOWN" => Health::Unknown,
            "ALIVE" => Health::Alive,
            "DEAD" => Health::Dead,
            other => Health::UnknownValue(UnknownEnumValue::from_name(other)),
        }
    }

    fn from_unknown(v: UnknownEnumValue) -> Self {
        Health::UnknownValue(v)
    }

    fn as_str(&self) -> &str {
        match self {
            Health::Unknown => "HEALTH_UNKNOWN",
            Health::Alive => "ALIVE",
            Health::Dead => "DEAD",
            Health::UnknownValue(v) => v.as_str(),
        }
    }

    fn unknown(&self) -> Option<&UnknownEnumValue> {
        match self {
            Health::UnknownValue(v) => Some(v),
            _ => None,
        }
    }
}

impl Serialize for Health {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        encode_enum(self, s)
    }
}

impl<'de> Deserialize<'de> for Health {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        decode_enum(d)
    }
}

impl Value for Health {
    type Codec = Enum<Self>;
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Host {
    pub(crate) name: Option<String>,
    pub(crate) port: Option<i32>,
    pub(crate) health: Option<Health>,
    pub(crate) unknown: UnknownFields,
}

impl Value for Host {
    type Codec = Serde<Self>;
}

impl Message for Host {
    const NAME: &'static str = "test.v1.Host";

    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "name" => self.name = field(map)?,
            "port" => self.port = field(map)?,
            "health" => self.health = field(map)?,
            _ => self.unknown.read(key, map)?,
        }
        Ok(())
    }
}

impl Serialize for Host {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        put(&mut m, "name", &self.name)?;
        put(&mut m, "port", &self.port)?;
        put(&mut m, "health", &self.health)?;
        self.unknown.write(&mut m)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Host {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MessageVisitor::<Self>::new())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Policy {
    Anytime(Host),
    Weekly(Host),
}

impl Oneof for Policy {
    fn json_name(&self) -> &'static str {
        match self {
            Policy::Anytime(_) => "anytime",
            Policy::Weekly(_) => "weeklyMaintenanceWindow",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Cluster {
    pub(crate) name: Option<String>,
    pub(crate) size: Option<i64>,
    pub(crate) ratio: Option<f64>,
    pub(crate) created_at: Option<OffsetDateTime>,
    pub(crate) hosts: Vec<Host>,
    pub(crate) labels: MapField<String>,
    pub(crate) parent: Option<Box<Cluster>>,
    pub(crate) policy: Option<Policy>,
    pub(crate) mask: Option<FieldMask>,
    pub(crate) extra: Option<serde_json::Map<String, JsonValue>>,
    pub(crate) unknown: UnknownFields,
}

impl Value for Cluster {
    type Codec = Serde<Self>;
}

impl Message for Cluster {
    const NAME: &'static str = "test.v1.Cluster";

    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "name" => self.name = field(map)?,
            "size" => self.size = field(map)?,
            "ratio" => self.ratio = field(map)?,
            "createdAt" => self.created_at = field(map)?,
            "hosts" => self.hosts = repeated(map)?,
            "labels" => self.labels = crate::message::map(map)?,
            "parent" => self.parent = field(map)?,
            "anytime" => {
                let v = field(map)?.map(Policy::Anytime);
                set_oneof(&mut self.policy, v)?;
            }
            "weeklyMaintenanceWindow" => {
                let v = field(map)?.map(Policy::Weekly);
                set_oneof(&mut self.policy, v)?;
            }
            "updateMask" => self.mask = field(map)?,
            "extra" => self.extra = field(map)?,
            _ => self.unknown.read(key, map)?,
        }
        Ok(())
    }
}

impl Serialize for Cluster {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        put(&mut m, "name", &self.name)?;
        put(&mut m, "size", &self.size)?;
        put(&mut m, "ratio", &self.ratio)?;
        put(&mut m, "createdAt", &self.created_at)?;
        put_repeated(&mut m, "hosts", &self.hosts)?;
        put_map(&mut m, "labels", &self.labels)?;
        put(&mut m, "parent", &self.parent)?;
        match &self.policy {
            Some(Policy::Anytime(v)) => put_value(&mut m, "anytime", v)?,
            Some(Policy::Weekly(v)) => put_value(&mut m, "weeklyMaintenanceWindow", v)?,
            None => {}
        }
        put(&mut m, "updateMask", &self.mask)?;
        put(&mut m, "extra", &self.extra)?;
        self.unknown.write(&mut m)?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Cluster {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        decode_message(d)
    }
}

impl Message for Health {
    const NAME: &'static str = "test.v1.Health";

    fn merge_field<'de, A: MapAccess<'de>>(
        &mut self,
        _key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        map.next_value::<de::IgnoredAny>().map(|_| ())
    }
}

/// Decodes one value with `C` from JSON text.
pub(crate) fn dec<C: Codec>(text: &str) -> Result<C::Value, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    Decode::<C>::new()
        .deserialize(&mut de)
        .map_err(|e| e.to_string())
}

/// Decodes one value with `C` from a JSON value (messages carry no position).
pub(crate) fn decv<C: Codec>(v: JsonValue) -> Result<C::Value, String> {
    Decode::<C>::new().deserialize(v).map_err(|e| e.to_string())
}

/// Encodes one value with `C` as JSON text.
pub(crate) fn enc<C: Codec>(v: &C::Value) -> String {
    to_string(&Encode::<C>(v)).expect("encodes")
}

pub(crate) fn enc_err<C: Codec>(v: &C::Value) -> String {
    to_value(&Encode::<C>(v))
        .expect_err("must fail")
        .to_string()
}
