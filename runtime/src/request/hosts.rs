//! Hosts: the pages write placeholders (`{{ api-host-mdb }}`); each stands for a public
//! endpoint unless the caller says otherwise.

use std::collections::BTreeMap;

/// One piece of a method's host as the page writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostPart {
    /// Text kept as is (`vpc.` in `vpc.{{ api-host }}`).
    Literal(&'static str),
    /// A placeholder (`{{ api-host-mdb }}`) and the public endpoint it stands for.
    Placeholder {
        name: &'static str,
        default: &'static str,
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

    /// The host `parts` spell with these overrides.
    pub fn resolve(&self, parts: &[HostPart]) -> String {
        let mut out = String::new();
        for part in parts {
            match part {
                HostPart::Literal(s) => out.push_str(s),
                HostPart::Placeholder { name, default } => {
                    out.push_str(self.overrides.get(*name).map_or(*default, String::as_str))
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &[HostPart] = &[
        HostPart::Literal("svc."),
        HostPart::Placeholder {
            name: "api-host",
            default: "api.example.net",
        },
    ];

    #[test]
    fn placeholders_resolve_to_defaults_or_overrides() {
        assert_eq!(Hosts::new().resolve(HOST), "svc.api.example.net");
        let regional = Hosts::new().set("api-host", "api.other.example");
        assert_eq!(regional.resolve(HOST), "svc.api.other.example");
        let unrelated = Hosts::new().set("unrelated", "x");
        assert_eq!(unrelated.resolve(HOST), "svc.api.example.net");
    }
}
