//! Long-running operations: polling one until it is done, and reading how it ended.
//!
//! Errors are kept in two kinds: the operation itself failed ([`OperationError`], the
//! work was done and did not succeed), or waiting failed (a poll failed, or time ran out),
//! when the operation may still be running.

use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use yandex_cloud_models::operation::operation::ErrorOrResponse;
use yandex_cloud_models::operation::{CancelOperationRequest, GetOperationRequest, Operation};
use yandex_cloud_runtime::{ApiRequest, OperationRequest};

use crate::client::{CallOptions, Client, Inner};
use crate::error::{Error, OperationError};
use crate::trace;

/// The header with which the server says how long to wait before the next poll.
pub(crate) const POLL_INTERVAL_HEADER: &str = "x-operation-poll-interval";

/// Right after a call the operation may not have reached the replica a poll reads from;
/// the official SDKs poll through this many NOT_FOUNDs.
const NOT_FOUND_TOLERATED: u32 = 3;

/// How long the server asks to wait: seconds (`2`, `0.5`), or with a unit (`500ms`, `2s`).
pub(crate) fn poll_interval(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(POLL_INTERVAL_HEADER)?.to_str().ok()?.trim();
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 0.001)
    } else {
        (text.strip_suffix('s').unwrap_or(text), 1.0)
    };
    let seconds = number.trim().parse::<f64>().ok()? * scale;
    // A negative, NaN or absurd value is ignored rather than trusted.
    (seconds.is_finite() && (0.0..=3600.0).contains(&seconds))
        .then(|| Duration::from_secs_f64(seconds))
}

/// The polling decisions for one wait: when to poll next, when to give up.
struct Waiter {
    id: String,
    deadline: Instant,
    started: Instant,
    default_interval: Duration,
    interval: Duration,
    not_found: u32,
}

enum Next {
    Sleep(Duration),
    TimedOut(Duration),
}

impl Waiter {
    fn next(&self, now: Instant) -> Next {
        if now >= self.deadline {
            Next::TimedOut(now - self.started)
        } else {
            Next::Sleep(self.interval.min(self.deadline - now))
        }
    }

    /// Takes a poll's result: the operation, or `None` for a tolerated 404.
    fn on_poll(
        &mut self,
        result: Result<(Operation, HeaderMap), Error>,
    ) -> Result<Option<Operation>, Error> {
        match result {
            Ok((operation, headers)) => {
                self.interval = poll_interval(&headers).unwrap_or(self.default_interval);
                Ok(Some(operation))
            }
            Err(e) if e.status() == Some(404) && self.not_found < NOT_FOUND_TOLERATED => {
                self.not_found += 1;
                Ok(None)
            }
            Err(e) => Err(Error::Polling {
                operation_id: self.id.clone(),
                source: Box::new(e),
            }),
        }
    }
}

/// Polls `operation` until it is done. `headers` are those of the answer that returned it.
pub(crate) async fn wait(
    client: &Inner,
    mut operation: Operation,
    headers: &HeaderMap,
) -> Result<Operation, Error> {
    let id = operation.id.clone().unwrap_or_default();
    let started = client.clock.now();
    let mut waiter = Waiter {
        deadline: started + client.config.operation_timeout,
        started,
        default_interval: client.config.poll_interval,
        interval: poll_interval(headers).unwrap_or(client.config.poll_interval),
        not_found: 0,
        id: id.clone(),
    };
    loop {
        if operation.done == Some(true) {
            return Ok(operation);
        }
        if id.is_empty() {
            return Err(Error::NoOperationId);
        }
        match waiter.next(client.clock.now()) {
            Next::TimedOut(waited) => {
                return Err(Error::OperationTimeout {
                    operation_id: id,
                    waited,
                })
            }
            Next::Sleep(d) => client.clock.sleep(d).await,
        }
        if let Some(polled) = waiter.on_poll(get(client, &id, Call::Get).await)? {
            operation = polled;
        }
    }
}

/// Which of the operation service's two calls.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Call {
    /// `GET /operations/{id}`.
    Get,
    /// `GET /operations/{id}:cancel`.
    Cancel,
}

// The client's calls on operations, here rather than beside its other calls, so that this
// module depends on the client and not the other way round.
impl Client {
    /// Sends `request` and waits for its operation; returns the operation's typed response,
    /// or [`Error::OperationFailed`] when the operation failed.
    pub async fn send_and_wait<R>(&self, request: &R) -> Result<R::Output, Error>
    where
        R: OperationRequest<Response = Operation>,
    {
        let (started, headers) = self.inner.call(request, &CallOptions::default()).await?;
        let done = wait(&self.inner, started, &headers).await?;
        output::<R>(&done)
    }

    /// Waits for an operation that `R`'s method started and returns its typed response.
    pub async fn wait<R>(&self, operation: Operation) -> Result<R::Output, Error>
    where
        R: OperationRequest<Response = Operation>,
    {
        let done = wait(&self.inner, operation, &HeaderMap::new()).await?;
        output::<R>(&done)
    }

    /// Waits for an operation to be done and returns it as it is; a failed operation is
    /// [`Error::OperationFailed`].
    pub async fn wait_operation(&self, operation: Operation) -> Result<Operation, Error> {
        let done = wait(&self.inner, operation, &HeaderMap::new()).await?;
        check(done)
    }

    /// Reads an operation (`GET /operations/{id}`).
    pub async fn get_operation(&self, id: &str) -> Result<Operation, Error> {
        Ok(get(&self.inner, id, Call::Get).await?.0)
    }

    /// Asks for an operation to be cancelled (`GET /operations/{id}:cancel`) and returns
    /// it as the server then describes it.
    pub async fn cancel_operation(&self, id: &str) -> Result<Operation, Error> {
        Ok(get(&self.inner, id, Call::Cancel).await?.0)
    }
}

/// Reads an operation, or asks for it to be cancelled, through the retry policy. The call is
/// the generated request of the operation service's page, so its URL and host come from
/// where every method's do.
pub(crate) async fn get(
    client: &Inner,
    id: &str,
    which: Call,
) -> Result<(Operation, HeaderMap), Error> {
    let (operation, headers) = match which {
        Call::Get => send(client, &GetOperationRequest::new().set_operation_id(id)).await?,
        Call::Cancel => send(client, &CancelOperationRequest::new().set_operation_id(id)).await?,
    };
    trace::operation_polled(id, operation.done == Some(true));
    Ok((operation, headers))
}

/// Sends one of the operation service's calls as any call is sent, to the operation host
/// set apart when there is one.
async fn send<R: ApiRequest<Response = Operation>>(
    client: &Inner,
    request: &R,
) -> Result<(Operation, HeaderMap), Error> {
    let mut prepared = client.prepare(request, &CallOptions::default())?;
    if let Some(host) = &client.config.operation_host {
        prepared.url = format!("{}{}", client.origin(host), request.to_http()?.path);
    }
    client.send_prepared::<R>(&prepared, None).await
}

/// A done operation, or its error.
pub(crate) fn check(operation: Operation) -> Result<Operation, Error> {
    if let Some(ErrorOrResponse::Error(status)) = &operation.error_or_response {
        return Err(Error::OperationFailed(Box::new(OperationError {
            id: operation.id.clone().unwrap_or_default(),
            code: status.code,
            message: status.message.clone(),
            details: status.details.clone(),
        })));
    }
    Ok(operation)
}

/// A done operation's typed response.
pub(crate) fn output<R: OperationRequest<Response = Operation>>(
    operation: &Operation,
) -> Result<R::Output, Error> {
    let operation = check(operation.clone())?;
    R::output(&operation)
        .map_err(Error::Unpack)?
        .ok_or_else(|| Error::NoResponse {
            operation_id: operation.id.clone().unwrap_or_default(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_intervals_are_read_in_seconds_or_with_units() {
        let at = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(POLL_INTERVAL_HEADER, v.parse().unwrap());
            poll_interval(&h)
        };
        assert_eq!(at("2"), Some(Duration::from_secs(2)));
        assert_eq!(at("0.25"), Some(Duration::from_millis(250)));
        assert_eq!(at("3s"), Some(Duration::from_secs(3)));
        assert_eq!(at("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(at("-1"), None);
        assert_eq!(at("soon"), None);
        assert_eq!(poll_interval(&HeaderMap::new()), None);
    }

    #[test]
    fn the_waiter_sleeps_to_the_deadline_at_most() {
        let now = Instant::now();
        let w = Waiter {
            id: "op".into(),
            deadline: now + Duration::from_millis(1500),
            started: now,
            default_interval: Duration::from_secs(1),
            interval: Duration::from_secs(1),
            not_found: 0,
        };
        assert!(matches!(w.next(now), Next::Sleep(d) if d == Duration::from_secs(1)));
        let later = now + Duration::from_secs(1);
        assert!(matches!(w.next(later), Next::Sleep(d) if d == Duration::from_millis(500)));
        assert!(matches!(
            w.next(now + Duration::from_secs(2)),
            Next::TimedOut(_)
        ));
    }

    /// The operation calls' URLs and IAM's host come from the one table of public
    /// endpoints, follow the caller's `hosts`, and yield to hosts set apart.
    #[test]
    fn hosts_come_from_the_table_of_public_endpoints() {
        use crate::{Client, Credentials, Env};
        use yandex_cloud_runtime::Hosts;
        let inner = |b: crate::ClientBuilder| {
            b.env(Env::empty())
                .credentials(Credentials::IamToken("t".into()))
                .build()
                .unwrap()
                .inner
        };
        let url = |c: &Inner, which| {
            let call = match which {
                Call::Get => GetOperationRequest::new()
                    .set_operation_id("op/1")
                    .to_http(),
                Call::Cancel => CancelOperationRequest::new()
                    .set_operation_id("op/1")
                    .to_http(),
            };
            c.url(&call.unwrap()).unwrap()
        };
        let public = inner(Client::builder());
        assert_eq!(public.iam_host().unwrap(), "iam.api.cloud.yandex.net");
        assert_eq!(
            url(&public, Call::Get),
            "https://operation.api.cloud.yandex.net/operations/op%2F1"
        );
        let regional = inner(Client::builder().hosts(Hosts::new().set("api-host", "api.example")));
        assert_eq!(regional.iam_host().unwrap(), "iam.api.example");
        assert_eq!(
            url(&regional, Call::Cancel),
            "https://operation.api.example/operations/op%2F1:cancel"
        );
        let apart = inner(Client::builder().iam_host("iam.internal"));
        assert_eq!(apart.iam_host().unwrap(), "iam.internal");
    }
}
