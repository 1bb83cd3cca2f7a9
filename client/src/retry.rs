//! When an attempt is tried again, and after how long. Pure decisions: the client feeds in
//! what it saw and does what they say, so they are tested without a network or a clock.

use std::time::{Duration, SystemTime};

/// How often and how patiently a call is tried. Defaults: 4 attempts, backoff from 100 ms
/// doubling up to 20 s, each delay drawn uniformly below its cap ("full jitter", so that
/// clients that failed together do not retry together).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 means no retries).
    pub max_attempts: u32,
    /// The cap of the first retry's delay.
    pub initial_backoff: Duration,
    /// The largest cap.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets the number of attempts (at least 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Sets the first retry's cap and the largest cap.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The largest delay before retry number `retry` (1 for the first retry).
    pub fn backoff_cap(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(32);
        self.initial_backoff
            .saturating_mul(1u32 << doublings.min(31))
            .min(self.max_backoff)
    }

    /// The delay before retry number `retry`, `unit` a uniform draw from `[0, 1)`.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        self.backoff_cap(retry).mul_f64(unit.clamp(0.0, 1.0))
    }
}

/// What an attempt got, as far as retrying goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Observed {
    /// An answer with this status.
    Status(u16),
    /// No answer; whether trying again may help.
    Transport { transient: bool },
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Hand the outcome to the caller.
    Finish,
    /// Drop the token, get a new one and try again (does not count as a retry).
    Reauthenticate,
    /// Sleep this long and try again.
    Retry(Duration),
}

/// Facts about the call that decide what may be retried.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CallFacts {
    /// A GET, or a call carrying an `Idempotency-Key`: sending it twice does no harm.
    pub idempotent: bool,
    /// The call sent a token that can be replaced by a fresh one, and has not yet.
    pub may_reauthenticate: bool,
}

/// Decides after attempt number `attempt` (1-based). 429 and 503 say the server did not do
/// the work; a 504 may have done it, and other 4xx will not change on their own. The wait
/// before a retry is the backoff's, or, after a 429 or 503 whose `Retry-After` asked for one
/// (`retry_after`), that wait, capped at the policy's largest backoff.
pub(crate) fn decide(
    policy: &RetryPolicy,
    attempt: u32,
    facts: CallFacts,
    observed: Observed,
    retry_after: Option<Duration>,
    unit: f64,
) -> Decision {
    let (transient, asked) = match observed {
        Observed::Status(200..=299) => return Decision::Finish,
        Observed::Status(401) if facts.may_reauthenticate => return Decision::Reauthenticate,
        Observed::Status(429 | 503) => (true, retry_after),
        Observed::Status(_) => (false, None),
        Observed::Transport { transient } => (transient, None),
    };
    if transient && facts.idempotent && attempt < policy.max_attempts {
        Decision::Retry(match asked {
            Some(wait) => wait.min(policy.max_backoff),
            None => policy.backoff(attempt, unit),
        })
    } else {
        Decision::Finish
    }
}

/// The wait a `Retry-After` header value asks for, from `now`: delay-seconds (`120`) or an
/// HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, or the two obsolete forms), a date already
/// past asking for none; `None` for a value that is neither (RFC 9110, section 10.2.3).
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is still a wait longer than any policy allows.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET: CallFacts = CallFacts {
        idempotent: true,
        may_reauthenticate: true,
    };

    #[test]
    fn caps_double_up_to_the_maximum() {
        let p = RetryPolicy::default();
        let caps: Vec<u64> = (1..=10)
            .map(|r| p.backoff_cap(r).as_millis() as u64)
            .collect();
        assert_eq!(
            caps,
            [100, 200, 400, 800, 1600, 3200, 6400, 12800, 20000, 20000]
        );
        assert_eq!(p.backoff_cap(1000), Duration::from_secs(20));
        assert_eq!(p.backoff(3, 0.5), Duration::from_millis(200));
        assert_eq!(p.backoff(3, 0.0), Duration::ZERO);
    }

    #[test]
    fn what_is_retried() {
        let p = RetryPolicy::default();
        let d = |facts, observed| decide(&p, 1, facts, observed, None, 0.5);
        for s in [429, 503] {
            assert_eq!(
                d(GET, Observed::Status(s)),
                Decision::Retry(Duration::from_millis(50))
            );
        }
        for s in [200, 204, 400, 403, 404, 409, 500, 504] {
            assert_eq!(d(GET, Observed::Status(s)), Decision::Finish, "{s}");
        }
        assert!(matches!(
            d(GET, Observed::Transport { transient: true }),
            Decision::Retry(_)
        ));
        assert_eq!(
            d(GET, Observed::Transport { transient: false }),
            Decision::Finish
        );
        let post = CallFacts {
            idempotent: false,
            ..GET
        };
        assert_eq!(d(post, Observed::Status(503)), Decision::Finish);
        assert_eq!(d(post, Observed::Status(401)), Decision::Reauthenticate);
        let reauthed = CallFacts {
            may_reauthenticate: false,
            ..GET
        };
        assert_eq!(d(reauthed, Observed::Status(401)), Decision::Finish);
        assert_eq!(
            decide(&p, 4, GET, Observed::Status(503), None, 0.5),
            Decision::Finish
        );
    }

    #[test]
    fn a_retry_after_decides_the_wait_up_to_the_largest_backoff() {
        let p = RetryPolicy::default();
        let wait = |status, asked: u64| {
            decide(
                &p,
                1,
                GET,
                Observed::Status(status),
                Some(Duration::from_secs(asked)),
                0.5,
            )
        };
        for status in [429, 503] {
            assert_eq!(wait(status, 3), Decision::Retry(Duration::from_secs(3)));
            assert_eq!(wait(status, 0), Decision::Retry(Duration::ZERO));
            assert_eq!(wait(status, 600), Decision::Retry(Duration::from_secs(20)));
        }
        // Only those statuses ask; the call's own rules still decide whether to retry.
        assert_eq!(wait(500, 3), Decision::Finish);
        let post = CallFacts {
            idempotent: false,
            ..GET
        };
        let asked = Some(Duration::from_secs(3));
        assert_eq!(
            decide(&p, 1, post, Observed::Status(429), asked, 0.5),
            Decision::Finish
        );
        assert_eq!(
            decide(&p, 4, GET, Observed::Status(429), asked, 0.5),
            Decision::Finish
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        let secs = |n| Some(Duration::from_secs(n));
        assert_eq!(retry_after("120", now), secs(120));
        assert_eq!(retry_after(" 0 ", now), secs(0));
        assert_eq!(retry_after("99999999999999999999999", now), secs(u64::MAX));
        assert_eq!(retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), secs(30));
        // The obsolete RFC 850 and asctime forms.
        assert_eq!(
            retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", now),
            secs(60)
        );
        assert_eq!(retry_after("Wed Oct 21 07:28:05 2015", now), secs(5));
        assert_eq!(
            retry_after("Tue, 20 Oct 2015 07:28:00 GMT", now),
            secs(0),
            "past"
        );
        for bad in ["", "-1", "1.5", "soon", "Wed, 32 Oct 2015 07:28:00 GMT"] {
            assert_eq!(retry_after(bad, now), None, "{bad:?}");
        }
    }
}
