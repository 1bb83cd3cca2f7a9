//! What the client tells `tracing` (feature `tracing`, on by default): a span per call and
//! per attempt, and events for token refreshes and operation polls. Without the feature
//! these are empty types the compiler removes, so call sites need no `cfg`.
//!
//! The spans' target is `yandex_cloud_client`. Spans and events carry names, ids, statuses and durations only: never a token, a key, a
//! header value or a body.
//!
//! - `yandex_cloud.call` (INFO): `service` (proto package), `method` (`Resource.Method`),
//!   `verb`, `path` (the page's template, `/compute/v1/instances/{instanceId}`), `trace_id`
//!   (`x-client-trace-id`, one per call), and when it ends `attempts` and `status`.
//! - `yandex_cloud.attempt` (DEBUG), inside it: `attempt` (1-based), `request_id`
//!   (`x-request-id`), then `status` (or `transport` for a failed connection), `elapsed_ms`,
//!   and, when another attempt follows, `retry` (why) and `wait_ms`.
//! - Events: `token refreshed` (INFO, target `yandex_cloud_client::auth`: the source and the
//!   token's lifetime in seconds, when it has one) and `operation polled` (DEBUG: `operation_id`, `done`).

use std::time::Duration;

use yandex_cloud_runtime::MethodInfo;

#[cfg(feature = "tracing")]
mod enabled {
    use super::*;

    /// The target of the spans and the poll events (a filter's `yandex_cloud_client=debug`).
    const TARGET: &str = "yandex_cloud_client";

    /// A call's span.
    #[derive(Clone, Debug)]
    pub(crate) struct CallSpan(pub(crate) tracing::Span);

    /// An attempt's span.
    #[derive(Clone, Debug)]
    pub(crate) struct AttemptSpan(pub(crate) tracing::Span);

    pub(crate) fn call(method: &MethodInfo, trace_id: &str) -> CallSpan {
        CallSpan(tracing::info_span!(
            target: TARGET,
            "yandex_cloud.call",
            service = method.package,
            method = method.name,
            verb = method.verb.as_str(),
            path = method.path,
            trace_id,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
        ))
    }

    impl CallSpan {
        pub(crate) fn attempt(&self, attempt: u32, request_id: &str) -> AttemptSpan {
            AttemptSpan(tracing::debug_span!(
                target: TARGET,
                parent: &self.0,
                "yandex_cloud.attempt",
                attempt,
                request_id,
                status = tracing::field::Empty,
                transport = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
                retry = tracing::field::Empty,
                wait_ms = tracing::field::Empty,
            ))
        }

        pub(crate) fn finish(&self, attempts: u32, status: Option<u16>) {
            self.0.record("attempts", attempts);
            if let Some(status) = status {
                self.0.record("status", status);
            }
        }

        pub(crate) async fn run<T>(&self, work: impl std::future::Future<Output = T>) -> T {
            use tracing::Instrument as _;
            work.instrument(self.0.clone()).await
        }
    }

    impl AttemptSpan {
        pub(crate) async fn run<T>(&self, work: impl std::future::Future<Output = T>) -> T {
            use tracing::Instrument as _;
            work.instrument(self.0.clone()).await
        }

        pub(crate) fn answered(
            &self,
            status: Option<u16>,
            transport: Option<&str>,
            took: Duration,
        ) {
            if let Some(status) = status {
                self.0.record("status", status);
            }
            if let Some(kind) = transport {
                self.0.record("transport", kind);
            }
            self.0.record("elapsed_ms", took.as_millis() as u64);
        }

        pub(crate) fn retried(&self, why: &str, wait: Duration) {
            self.0.record("retry", why);
            self.0.record("wait_ms", wait.as_millis() as u64);
        }
    }

    pub(crate) fn token_refreshed(source: &str, lifetime: Option<Duration>) {
        tracing::info!(
            target: "yandex_cloud_client::auth",
            source,
            lifetime_s = lifetime.map(|l| l.as_secs()),
            "token refreshed"
        );
    }

    pub(crate) fn operation_polled(operation_id: &str, done: bool) {
        tracing::debug!(target: TARGET, operation_id, done, "operation polled");
    }
}

#[cfg(not(feature = "tracing"))]
mod enabled {
    use super::*;

    #[derive(Clone, Debug)]
    pub(crate) struct CallSpan;

    #[derive(Clone, Debug)]
    pub(crate) struct AttemptSpan;

    pub(crate) fn call(_: &MethodInfo, _: &str) -> CallSpan {
        CallSpan
    }

    impl CallSpan {
        pub(crate) fn attempt(&self, _: u32, _: &str) -> AttemptSpan {
            AttemptSpan
        }

        pub(crate) fn finish(&self, _: u32, _: Option<u16>) {}

        pub(crate) async fn run<T>(&self, work: impl std::future::Future<Output = T>) -> T {
            work.await
        }
    }

    impl AttemptSpan {
        pub(crate) async fn run<T>(&self, work: impl std::future::Future<Output = T>) -> T {
            work.await
        }

        pub(crate) fn answered(&self, _: Option<u16>, _: Option<&str>, _: Duration) {}

        pub(crate) fn retried(&self, _: &str, _: Duration) {}
    }

    pub(crate) fn token_refreshed(_: &str, _: Option<Duration>) {}

    pub(crate) fn operation_polled(_: &str, _: bool) {}
}

pub(crate) use enabled::{call, operation_polled, token_refreshed, CallSpan};
