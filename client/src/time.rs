//! Time as the client sees it: a clock and a way to sleep. Injected, so that tests of
//! backoff, token expiry and operation polling run without waiting.

use std::fmt;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;

/// The client's clock: what time it is, and sleeping (backoff, poll intervals).
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// Now, monotonic.
    fn now(&self) -> Instant;
    /// Completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The real clock, sleeping on tokio's timer.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
