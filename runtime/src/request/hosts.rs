//! Hosts: the pages write placeholders (`{{ api-host-mdb }}`); each stands for a public
//! endpoint unless the caller says otherwise. [`PUBLIC_ENDPOINTS`] is the one table of them:
//! the generator writes each method's default host from it, and the client resolves the
//! hosts it calls on its own (IAM's token exchange) with it. A placeholder the table does
//! not know has no default: a call to its method needs the caller to say which host it
//! stands for.

use std::collections::BTreeMap;

use super::RequestError;

/// The public endpoint each host placeholder stands for, as the documentation's own
/// variables define them (the placeholders of its list of API endpoints,
/// `api-design-guide/concepts/endpoints`). Sorted by placeholder.
pub const PUBLIC_ENDPOINTS: &[(&str, &str)] = &[
    // `serverless-apigateway.{{ api-host }}`, `vpc.{{ api-host }}`, …
    ("api-host", "api.cloud.yandex.net"),
    (
        "api-host-certmanager",
        "certificate-manager.api.cloud.yandex.net",
    ),
    (
        "api-host-certmanager-certcontent",
        "data.certificate-manager.api.cloud.yandex.net",
    ),
    (
        "api-host-certmanager-validation",
        "validation.certificate-manager.api.cloud.yandex.net",
    ),
    (
        "api-host-data-transfer",
        "datatransfer.api.cloud.yandex.net",
    ),
    ("api-host-iot-broker", "iot-broker.api.cloud.yandex.net"),
    ("api-host-iot-data", "iot-data.api.cloud.yandex.net"),
    ("api-host-kms", "kms.api.cloud.yandex.net"),
    ("api-host-kms-symcrypto", "kms.yandex"),
    ("api-host-llm", "llm.api.cloud.yandex.net"),
    ("api-host-lockbox", "lockbox.api.cloud.yandex.net"),
    (
        "api-host-lockbox-payload",
        "payload.lockbox.api.cloud.yandex.net",
    ),
    // The managed databases (`mdb`) share one endpoint.
    ("api-host-mdb", "mdb.api.cloud.yandex.net"),
    ("api-host-monitoring-1", "monitoring.api.cloud.yandex.net"),
    ("api-host-operation", "operation.api.cloud.yandex.net"),
    ("api-host-sk-stt", "stt.api.cloud.yandex.net"),
    ("api-host-sk-tts", "tts.api.cloud.yandex.net"),
];

/// The public endpoint of a placeholder (`api-host-mdb` → `mdb.api.cloud.yandex.net`), if
/// [`PUBLIC_ENDPOINTS`] knows it.
pub fn public_endpoint(placeholder: &str) -> Option<&'static str> {
    PUBLIC_ENDPOINTS
        .iter()
        .find(|(name, _)| *name == placeholder)
        .map(|(_, host)| *host)
}

/// One piece of a method's host as the page writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostPart {
    /// Text kept as is (`vpc.` in `vpc.{{ api-host }}`).
    Literal(&'static str),
    /// A placeholder (`{{ api-host-mdb }}`) and the public endpoint it stands for; `None`
    /// when the generator knew of none, so that the caller must set one with [`Hosts::set`].
    Placeholder {
        name: &'static str,
        default: Option<&'static str>,
    },
}

/// Which endpoint each host placeholder stands for. Without overrides, the public endpoints
/// the generator's table gives (`api-host-mdb` → `mdb.api.cloud.yandex.net`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hosts {
    overrides: BTreeMap<String, String>,
}

impl Hosts {
    /// No overrides: every placeholder is its public endpoint.
    pub fn new() -> Self {
        Hosts::default()
    }

    /// Makes `placeholder` (`api-host`, `api-host-mdb`) stand for `host`.
    pub fn set(mut self, placeholder: impl Into<String>, host: impl Into<String>) -> Self {
        self.overrides.insert(placeholder.into(), host.into());
        self
    }

    /// The host `parts` spell with these overrides; an error naming the placeholder when one
    /// has neither an override nor a public endpoint.
    pub fn resolve(&self, parts: &[HostPart]) -> Result<String, RequestError> {
        let mut out = String::new();
        for part in parts {
            match part {
                HostPart::Literal(s) => out.push_str(s),
                HostPart::Placeholder { name, default } => {
                    match self.overrides.get(*name).map(String::as_str).or(*default) {
                        Some(host) => out.push_str(host),
                        None => return Err(RequestError::UnknownHost { placeholder: name }),
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &[HostPart] = &[
        HostPart::Literal("svc."),
        HostPart::Placeholder {
            name: "api-host",
            default: Some("api.example.net"),
        },
    ];

    #[test]
    fn placeholders_resolve_to_defaults_or_overrides() {
        assert_eq!(Hosts::new().resolve(HOST).unwrap(), "svc.api.example.net");
        let regional = Hosts::new().set("api-host", "api.other.example");
        assert_eq!(regional.resolve(HOST).unwrap(), "svc.api.other.example");
        let unrelated = Hosts::new().set("unrelated", "x");
        assert_eq!(unrelated.resolve(HOST).unwrap(), "svc.api.example.net");
    }

    #[test]
    fn a_placeholder_without_an_endpoint_needs_an_override() {
        const UNKNOWN: &[HostPart] = &[HostPart::Placeholder {
            name: "api-host-new",
            default: None,
        }];
        let err = Hosts::new().resolve(UNKNOWN).unwrap_err();
        assert!(
            matches!(
                err,
                RequestError::UnknownHost {
                    placeholder: "api-host-new"
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "no public endpoint is known for the host placeholder `{{ api-host-new }}`: set one \
             with `Hosts::new().set(\"api-host-new\", \"host\")`"
        );
        let set = Hosts::new().set("api-host-new", "new.example");
        assert_eq!(set.resolve(UNKNOWN).unwrap(), "new.example");
    }

    #[test]
    fn the_table_is_sorted_unique_and_holds_hosts() {
        let names: Vec<&str> = PUBLIC_ENDPOINTS.iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "sorted by placeholder, each once");
        for (name, host) in PUBLIC_ENDPOINTS {
            assert!(name.starts_with("api-host"), "{name}");
            assert!(
                !host.is_empty() && host.split('.').all(|l| !l.is_empty()) && !host.contains('/'),
                "{name}: {host}"
            );
        }
        assert_eq!(
            public_endpoint("api-host-mdb"),
            Some("mdb.api.cloud.yandex.net")
        );
        assert_eq!(public_endpoint("api-host-nowhere"), None);
    }
}
