//! The async client: a call from its request to its typed response, through the token
//! cache and the retry policy.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Method;
use uuid::Uuid;
use yandex_cloud_runtime::{
    public_endpoint, ApiRequest, HostPart, HttpCall, MethodInfo, PagedRequest, Verb,
};

use crate::auth::TokenCache;
use crate::config::{ClientBuilder, Config, Parts};
use crate::error::{ApiError, DecodeError, Error};
use crate::retry::{self, decide, CallFacts, Decision, Observed, RetryPolicy};
use crate::time::Clock;
use crate::transport::{self, put, put_value, Attempt, RawResponse};
use crate::{paging, trace};

/// A Yandex Cloud API client. Cheap to clone; clones share one connection pool and one
/// token cache.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    pub http: reqwest::Client,
    pub config: Config,
    pub auth: TokenCache,
    pub clock: Arc<dyn Clock>,
}

/// Whether a mutating call carries an `Idempotency-Key`, which makes it safe to retry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Idempotency {
    /// A new key (a UUIDv4) for each mutating call, the same on all its attempts.
    #[default]
    Auto,
    /// No key: the call is sent once.
    Off,
    /// This key (to repeat a call made before, across processes).
    Key(String),
}

/// Settings for one call.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// The `Idempotency-Key` of a mutating call.
    pub idempotency: Idempotency,
    /// The call's timeout, instead of the client's.
    pub timeout: Option<Duration>,
    /// The call's retry policy, instead of the client's.
    pub retry: Option<RetryPolicy>,
}

impl CallOptions {
    /// The client's settings.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Sets the `Idempotency-Key` choice.
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }

    /// Sets the call's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the call's retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }
}

/// A call ready to send, the same on every attempt.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// The method, as traces name it.
    pub method: &'static MethodInfo,
    pub verb: Verb,
    pub url: String,
    pub body: Option<Bytes>,
    pub idempotency_key: Option<HeaderValue>,
    /// Sends a bearer token (token exchange and metadata calls do not).
    pub authenticate: bool,
    /// May be sent more than once.
    pub idempotent: bool,
    pub headers: Vec<(&'static str, String)>,
    pub retry: Option<RetryPolicy>,
}

/// `application/json`: a static value, so making one allocates nothing.
fn json() -> HeaderValue {
    HeaderValue::from_static("application/json")
}

fn method(verb: Verb) -> Method {
    match verb {
        Verb::Get => Method::GET,
        Verb::Post => Method::POST,
        Verb::Put => Method::PUT,
        Verb::Patch => Method::PATCH,
        Verb::Delete => Method::DELETE,
        // `Verb` is non-exhaustive; a verb added later is still a verb.
        #[allow(unreachable_patterns)]
        other => Method::from_bytes(other.as_str().as_bytes()).unwrap_or(Method::GET),
    }
}

/// The placeholder of the host most services' pages write (`vpc.{{ api-host }}`).
const API_HOST: &str = "api-host";

impl Inner {
    /// `https://host`, or the endpoint override.
    pub(crate) fn origin(&self, host: &str) -> String {
        match &self.config.endpoint {
            Some(origin) => origin.clone(),
            None if host.contains("://") => host.trim_end_matches('/').to_owned(),
            None => format!("https://{host}"),
        }
    }

    /// IAM's host: the one set, else `iam.` and what `api-host` stands for (the one table of
    /// public endpoints, or the caller's `hosts`).
    pub(crate) fn iam_host(&self) -> Result<String, Error> {
        if let Some(host) = &self.config.iam_host {
            return Ok(host.clone());
        }
        let parts = [
            HostPart::Literal("iam."),
            HostPart::Placeholder {
                name: API_HOST,
                default: public_endpoint(API_HOST),
            },
        ];
        Ok(self.config.hosts.resolve(&parts)?)
    }

    /// Where a call goes: the endpoint override, else its host as `hosts` resolve it (an
    /// error for a host placeholder with no known endpoint and no override).
    pub(crate) fn url(&self, call: &HttpCall) -> Result<String, Error> {
        match &self.config.endpoint {
            Some(origin) => {
                let query = call.query_string();
                let mark = if query.is_empty() { "" } else { "?" };
                Ok(format!("{origin}{}{mark}{query}", call.path))
            }
            None => Ok(call.url(&self.config.hosts)?),
        }
    }

    pub(crate) fn prepare<R: ApiRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<Prepared, Error> {
        let call = request.to_http()?;
        // A key that is not a valid header value is not sent, and so the call is not
        // retried either: only a key the server sees makes a repeat safe.
        let idempotency_key = match (call.verb, &options.idempotency) {
            (Verb::Get, _) | (_, Idempotency::Off) => None,
            (_, Idempotency::Auto) => transport::value(Uuid::new_v4().to_string()),
            (_, Idempotency::Key(key)) => transport::value(key.clone()),
        };
        Ok(Prepared {
            method: R::METHOD,
            verb: call.verb,
            url: self.url(&call)?,
            idempotent: call.verb == Verb::Get || idempotency_key.is_some(),
            idempotency_key,
            body: call.body.map(Bytes::from),
            authenticate: true,
            headers: Vec::new(),
            retry: options.retry.clone(),
        })
    }

    /// Sends a call, retrying as the policy says; a non-2xx answer is an [`ApiError`].
    pub(crate) async fn execute(&self, call: &Prepared) -> Result<RawResponse, Error> {
        // One trace id for the call, so the server's logs tie its attempts together.
        let trace_id = Uuid::new_v4().to_string();
        let span = trace::call(call.method, &trace_id);
        span.run(self.attempts(call, &span, &trace_id)).await
    }

    /// [`execute`](Self::execute)'s attempts, within the call's span.
    async fn attempts(
        &self,
        call: &Prepared,
        span: &trace::CallSpan,
        trace_id: &str,
    ) -> Result<RawResponse, Error> {
        let policy = call.retry.as_ref().unwrap_or(&self.config.retry);
        let trace_id = transport::value(trace_id.to_owned());
        let mut attempt = 0;
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            let token = match call.authenticate {
                false => None,
                true => match self.auth.fresh(self.clock.now()) {
                    Some(token) => Some(token),
                    None => Some(self.auth.token(self).await?),
                },
            };
            let request_id = Uuid::new_v4();
            let mut buffer = Uuid::encode_buffer();
            let request_id_text: &str = request_id.hyphenated().encode_lower(&mut buffer);
            let attempt_span = span.attempt(attempt, request_id_text);
            let mut headers = HeaderMap::with_capacity(8);
            put(&mut headers, "x-request-id", request_id_text);
            if let Some(trace_id) = &trace_id {
                put_value(&mut headers, "x-client-trace-id", trace_id);
            }
            put_value(&mut headers, "accept", &json());
            if let Some(key) = &call.idempotency_key {
                put_value(&mut headers, "idempotency-key", key);
            }
            if let Some(bearer) = token.as_ref().and_then(|t| t.header.as_ref()) {
                put_value(&mut headers, "authorization", bearer);
            }
            if call.body.is_some() {
                put_value(&mut headers, "content-type", &json());
            }
            for (name, value) in &call.headers {
                put(&mut headers, name, value);
            }
            let sent_at = self.clock.now();
            let outcome = attempt_span
                .run(transport::send(
                    &self.http,
                    Attempt {
                        method: method(call.verb),
                        url: &call.url,
                        headers,
                        body: call.body.clone(),
                        timeout: self.config.attempt_timeout,
                        max_body: self.config.max_response_bytes,
                    },
                ))
                .await;
            let took = self.clock.now().saturating_duration_since(sent_at);
            let observed = match &outcome {
                Ok(answer) => Observed::Status(answer.status),
                Err(e) => Observed::Transport {
                    transient: e.is_transient(),
                },
            };
            let status = outcome.as_ref().ok().map(|a| a.status);
            let failure = outcome.as_ref().err().map(|e| e.kind.as_str());
            attempt_span.answered(status, failure, took);
            let facts = CallFacts {
                idempotent: call.idempotent,
                may_reauthenticate: !reauthenticated
                    && token.as_ref().is_some_and(|t| t.refreshable),
            };
            let asked = match &outcome {
                Ok(answer) => answer
                    .headers
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| retry::retry_after(v, std::time::SystemTime::now())),
                Err(_) => None,
            };
            match decide(policy, attempt, facts, observed, asked, fastrand::f64()) {
                Decision::Finish => {
                    span.finish(attempt, status);
                    return match outcome {
                        Ok(answer) if (200..300).contains(&answer.status) => Ok(answer),
                        Ok(answer) => {
                            let mut e =
                                ApiError::from_parts(answer.status, &answer.headers, &answer.body);
                            e.client_request_id = Some(request_id.to_string());
                            Err(Error::Api(Box::new(e)))
                        }
                        Err(e) => Err(Error::Transport(e)),
                    };
                }
                Decision::Reauthenticate => {
                    attempt_span.retried("the token was refused (401)", Duration::ZERO);
                    if let Some(token) = &token {
                        self.auth.reject(token);
                    }
                    reauthenticated = true;
                    // The server refused the token, not the call: this try does not count.
                    attempt -= 1;
                }
                Decision::Retry(delay) => {
                    let why = match observed {
                        Observed::Status(429) => "throttled (429)",
                        Observed::Status(503) => "unavailable (503)",
                        Observed::Status(_) => "status",
                        Observed::Transport { .. } => "transport",
                    };
                    attempt_span.retried(why, delay);
                    self.clock.sleep(delay).await
                }
            }
        }
    }

    /// Runs `call` within the call timeout.
    pub(crate) async fn timed<T>(
        &self,
        timeout: Option<Duration>,
        call: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        match timeout.or(self.config.call_timeout) {
            Some(limit) => tokio::time::timeout(limit, call)
                .await
                .map_err(|_| Error::CallTimeout(limit))?,
            None => call.await,
        }
    }

    /// Sends `request` and decodes its response; the answer's headers too.
    pub(crate) async fn call<R: ApiRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<(R::Response, HeaderMap), Error> {
        let prepared = self.prepare(request, options)?;
        self.send_prepared::<R>(&prepared, options.timeout).await
    }

    /// Sends a call that [`prepare`](Self::prepare) made (perhaps sent elsewhere since) and
    /// decodes `R`'s response, within the call timeout.
    pub(crate) async fn send_prepared<R: ApiRequest>(
        &self,
        prepared: &Prepared,
        timeout: Option<Duration>,
    ) -> Result<(R::Response, HeaderMap), Error> {
        self.timed(timeout, async {
            let answer = self.execute(prepared).await?;
            let response = R::decode_response(&answer.body).map_err(|source| {
                Error::Decode(Box::new(DecodeError {
                    status: answer.status,
                    body: answer.body.to_vec(),
                    source,
                }))
            })?;
            Ok((response, answer.headers))
        })
        .await
    }
}

// Here rather than beside the builder's settings, so that the settings need not know the
// client.
impl ClientBuilder {
    /// The client.
    pub fn build(self) -> Result<Client, Error> {
        let Parts {
            http,
            auth,
            config,
            clock,
        } = self.into_parts()?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                auth,
                config,
                clock,
            }),
        })
    }
}

impl Client {
    /// A client with the defaults: credentials from the chain, `YC_REST_ENDPOINT`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::new().build()
    }

    /// A builder for other settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Sends `request` and returns its typed response.
    pub async fn send<R: ApiRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_with(request, &CallOptions::default()).await
    }

    /// Sends `request` with these options.
    pub async fn send_with<R: ApiRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<R::Response, Error> {
        // Boxed: the call's state (the retry loop, reqwest's future, the timers) is a few
        // KiB, and a future that size would be copied whole each time the caller's future
        // is moved (into `tokio::spawn`, into a join set); a pointer is not.
        Ok(Box::pin(self.inner.call(request, options)).await?.0)
    }

    /// The pages of a listing, from `request`'s page token (usually none) to the end.
    /// Boxed, so that it can be polled as it is (`try_next`) and stored by name.
    pub fn pages<R>(&self, request: R) -> BoxStream<'static, Result<R::Response, Error>>
    where
        R: PagedRequest + Send + Sync + 'static,
        R::Response: Send,
    {
        Box::pin(paging::pages(self.clone(), request))
    }

    /// The items of a listing, page after page.
    pub fn items<R>(&self, request: R) -> BoxStream<'static, Result<R::Item, Error>>
    where
        R: PagedRequest + Send + Sync + 'static,
        R::Response: Send,
        R::Item: Send,
    {
        Box::pin(paging::items(self.clone(), request))
    }
}
