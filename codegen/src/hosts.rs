//! The one table of host placeholders: the public endpoint each `{{ name }}` in the pages'
//! URLs stands for, as the documentation's own variables define them (the placeholders of
//! the documentation's list of API endpoints, `api-design-guide/concepts/endpoints`).
//! Generated requests carry these as defaults; callers override them with `Hosts`. A
//! placeholder missing here is a warning when pages are read: its methods are generated
//! without a default host, and calling one fails, naming the placeholder, until the caller
//! sets it.

pub const HOSTS: &[(&str, &str)] = &[
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

/// The public endpoint of a placeholder, if the table knows it.
pub fn lookup(placeholder: &str) -> Option<&'static str> {
    HOSTS
        .iter()
        .find(|(name, _)| *name == placeholder)
        .map(|(_, host)| *host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_unique_and_holds_hosts() {
        let names: Vec<&str> = HOSTS.iter().map(|(n, _)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "sorted by placeholder, each once");
        for (name, host) in HOSTS {
            assert!(name.starts_with("api-host"), "{name}");
            assert!(
                !host.is_empty() && host.split('.').all(|l| !l.is_empty()) && !host.contains('/'),
                "{name}: {host}"
            );
        }
        assert_eq!(lookup("api-host-mdb"), Some("mdb.api.cloud.yandex.net"));
        assert_eq!(lookup("api-host-nowhere"), None);
    }
}
