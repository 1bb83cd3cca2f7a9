//! Where settings come from: the process environment, or a lookup the caller gives. The
//! credential chain and the endpoint read through it, so tests (which run in parallel in one
//! process) never have to change the process environment.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// The origin every call goes to instead of its own host (`http://127.0.0.1:8080`).
pub const REST_ENDPOINT: &str = "YC_REST_ENDPOINT";
/// A service-account authorized key: a path, or the key's JSON itself.
pub const SERVICE_ACCOUNT_KEY_FILE: &str = "YC_SERVICE_ACCOUNT_KEY_FILE";
/// An IAM token.
pub const IAM_TOKEN: &str = "YC_IAM_TOKEN";
/// An IAM token (`t1.…`) or an OAuth token.
pub const TOKEN: &str = "YC_TOKEN";
/// The VM metadata service's address (`host:port`), instead of `169.254.169.254`.
pub const METADATA_ADDR: &str = "YC_METADATA_ADDR";

type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// A source of settings by name. Empty values count as unset.
#[derive(Clone)]
pub struct Env {
    lookup: Arc<Lookup>,
}

impl Env {
    /// The process environment, read when a setting is needed.
    pub fn process() -> Self {
        Env::from_fn(|key| std::env::var(key).ok())
    }

    /// No settings at all.
    pub fn empty() -> Self {
        Env::from_fn(|_| None)
    }

    /// Exactly these settings.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let map: HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Env::from_fn(move |key| map.get(key).cloned())
    }

    /// Settings from a function.
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Env {
            lookup: Arc::new(lookup),
        }
    }

    /// The setting `key`, when it is set and not empty.
    pub fn get(&self, key: &str) -> Option<String> {
        (self.lookup)(key).filter(|v| !v.trim().is_empty())
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be secrets; never print them.
        f.write_str("Env")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_unset() {
        let env = Env::from_pairs([("A", "x"), ("B", " ")]);
        assert_eq!(env.get("A").as_deref(), Some("x"));
        assert_eq!(env.get("B"), None);
        assert_eq!(env.get("C"), None);
    }
}
