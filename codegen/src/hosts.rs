//! The one table of host placeholders: the public endpoint each `{{ name }}` in the pages'
//! URLs stands for. Generated requests carry these as defaults; callers override them with
//! `http::Hosts`. A placeholder missing here is a generator error, so a service whose pages
//! use a new one fails loudly instead of sending requests to a guessed host.

pub(crate) const HOSTS: &[(&str, &str)] = &[
    // `serverless-apigateway.{{ api-host }}`, `vpc.{{ api-host }}`, …
    ("api-host", "api.cloud.yandex.net"),
    // The managed databases (`mdb`) share one endpoint.
    ("api-host-mdb", "mdb.api.cloud.yandex.net"),
];

pub(crate) fn lookup(placeholder: &str) -> Option<&'static str> {
    HOSTS
        .iter()
        .find(|(name, _)| *name == placeholder)
        .map(|(_, host)| *host)
}
