//! Settings: where calls go, how long they may take, how they are retried, and which
//! credentials they carry. Read once when the client is built.

use std::sync::Arc;
use std::time::Duration;

use yandex_cloud_runtime::Hosts;

use crate::auth::{Credentials, TokenCache};
use crate::env::{self, Env};
use crate::error::{Error, TransportError, TransportKind};
use crate::retry::RetryPolicy;
use crate::time::{Clock, SystemClock};

/// What a built client goes by.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// An origin (`http://127.0.0.1:8080`) every API, IAM and operation call goes to.
    pub endpoint: Option<String>,
    pub hosts: Hosts,
    /// IAM's host, when set apart from what `hosts` make of `iam.{{ api-host }}`.
    pub iam_host: Option<String>,
    /// The operation service's host, when set apart from what `hosts` make of the
    /// operation pages' `operation.{{ api-host }}`.
    pub operation_host: Option<String>,
    pub retry: RetryPolicy,
    pub attempt_timeout: Duration,
    pub call_timeout: Option<Duration>,
    pub max_response_bytes: usize,
    pub operation_timeout: Duration,
    pub poll_interval: Duration,
    pub metadata_probe_timeout: Duration,
}

/// What a built client is made of.
pub(crate) struct Parts {
    pub http: reqwest::Client,
    pub auth: TokenCache,
    pub config: Config,
    pub clock: Arc<dyn Clock>,
}

/// Builds a [`Client`](crate::Client) or a [`blocking::Client`](crate::blocking::Client).
///
/// Defaults: credentials from the chain, `YC_REST_ENDPOINT` from the environment, 4 attempts
/// with backoff from 100 ms to 20 s, 60 s per attempt, no per-call timeout, 64 MiB
/// answers, operations polled every second for at most 10 minutes.
#[derive(Debug)]
pub struct ClientBuilder {
    env: Env,
    credentials: Option<Credentials>,
    endpoint: Option<String>,
    config: Config,
    connect_timeout: Duration,
    clock: Arc<dyn Clock>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// The defaults, reading the process environment.
    pub fn new() -> Self {
        ClientBuilder {
            env: Env::process(),
            credentials: None,
            endpoint: None,
            config: Config {
                endpoint: None,
                hosts: Hosts::new(),
                iam_host: None,
                operation_host: None,
                retry: RetryPolicy::default(),
                attempt_timeout: Duration::from_secs(60),
                call_timeout: None,
                max_response_bytes: 64 << 20,
                operation_timeout: Duration::from_secs(600),
                poll_interval: Duration::from_secs(1),
                metadata_probe_timeout: Duration::from_secs(1),
            },
            connect_timeout: Duration::from_secs(10),
            clock: Arc::new(SystemClock),
        }
    }

    /// Reads settings (the chain's variables, `YC_REST_ENDPOINT`) from `env` instead of the
    /// process environment.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Uses these credentials instead of the chain.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sends every call (API, IAM token exchange, operations) to this origin instead of
    /// its own host, the path unchanged. Overrides `YC_REST_ENDPOINT`.
    pub fn endpoint(mut self, origin: impl Into<String>) -> Self {
        self.endpoint = Some(origin.into());
        self
    }

    /// Resolves the methods' host placeholders with `hosts`.
    pub fn hosts(mut self, hosts: Hosts) -> Self {
        self.config.hosts = hosts;
        self
    }

    /// IAM's host, for token exchange; by default `iam.` and the host `api-host` stands for
    /// (the runtime's `PUBLIC_ENDPOINTS`, or [`hosts`](Self::hosts)): `iam.api.cloud.yandex.net`.
    pub fn iam_host(mut self, host: impl Into<String>) -> Self {
        self.config.iam_host = Some(host.into());
        self
    }

    /// The operation service's host; by default the one its pages name,
    /// `operation.{{ api-host }}`, resolved like every method's: `operation.api.cloud.yandex.net`.
    pub fn operation_host(mut self, host: impl Into<String>) -> Self {
        self.config.operation_host = Some(host.into());
        self
    }

    /// How calls are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = policy;
        self
    }

    /// The longest one attempt may take, answer body included.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.attempt_timeout = timeout;
        self
    }

    /// The longest a call may take, all attempts and backoff included.
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.config.call_timeout = Some(timeout);
        self
    }

    /// The longest time to connect.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest answer body read; a larger one is an error.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.config.max_response_bytes = limit;
        self
    }

    /// The longest an operation is waited for.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_timeout = timeout;
        self
    }

    /// How often an operation is polled when the server does not say.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.config.poll_interval = interval;
        self
    }

    /// How long the chain waits for the metadata service to accept a connection.
    pub fn metadata_probe_timeout(mut self, timeout: Duration) -> Self {
        self.config.metadata_probe_timeout = timeout;
        self
    }

    /// The clock used for backoff, poll intervals and token lifetimes (tests inject one).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// What a client is made of, settled: the endpoint checked, the HTTP client built.
    /// [`build`](Self::build) (beside the client) puts them together.
    pub(crate) fn into_parts(self) -> Result<Parts, Error> {
        let mut config = self.config;
        config.endpoint = match self.endpoint.or_else(|| self.env.get(env::REST_ENDPOINT)) {
            Some(origin) => Some(check_origin(&origin)?),
            None => None,
        };
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .user_agent(concat!(
                "yandex-cloud-client-rust/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| setup_error(e.to_string()))?;
        Ok(Parts {
            http,
            auth: TokenCache::new(self.credentials, self.env),
            config,
            clock: self.clock,
        })
    }

    /// The blocking client.
    pub fn build_blocking(self) -> Result<crate::blocking::Client, Error> {
        crate::blocking::Client::new(self.build()?)
    }
}

fn setup_error(detail: String) -> Error {
    Error::Transport(TransportError {
        kind: TransportKind::Url,
        url: String::new(),
        detail,
    })
}

/// An endpoint is an origin: a scheme, a host and maybe a port, no path.
fn check_origin(origin: &str) -> Result<String, Error> {
    let trimmed = origin.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed)
        .map_err(|e| setup_error(format!("endpoint {origin:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || url.path() != "/" {
        return Err(setup_error(format!(
            "endpoint {origin:?} must be an origin such as http://127.0.0.1:8080"
        )));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_origins() {
        assert_eq!(
            check_origin("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(check_origin("127.0.0.1:8080").is_err());
        assert!(check_origin("http://h/path").is_err());
    }
}
