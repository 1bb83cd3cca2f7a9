//! The token cache: one per client (its clones share it). A valid token is read without
//! waiting; a stale one is replaced by exactly one refresh however many calls wait for it.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use reqwest::header::HeaderValue;
use tokio::sync::{Mutex, OnceCell};

use super::{chain, fetch, Credentials, Source};
use crate::client::Inner;
use crate::env::{self, Env};
use crate::Error;

/// Refresh at least this long before a token expires.
const EARLY: Duration = Duration::from_secs(5 * 60);
/// IAM tokens live 12 hours, but a token may be revoked or the account's rights changed;
/// the official SDKs re-read at least hourly.
const MAX_AGE: Duration = Duration::from_secs(60 * 60);
/// The metadata service rotates its tokens itself; re-reading is cheap and local.
const METADATA_MAX_AGE: Duration = Duration::from_secs(60);

/// When a token fetched at `now` and valid for `lifetime` (`None`: as long as it is used)
/// should be replaced. A lifetime too short to refresh 5 minutes early is used for half
/// of it, so that a short-lived token is not fetched again on every call.
pub(crate) fn refresh_at(
    now: Instant,
    lifetime: Option<Duration>,
    max_age: Duration,
) -> Option<Instant> {
    let lifetime = lifetime?;
    let usable = if lifetime > 2 * EARLY {
        lifetime - EARLY
    } else {
        lifetime / 2
    };
    Some(now + usable.min(max_age))
}

/// A token handed to a call: its value, and whether a 401 may be answered by fetching a
/// new one.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub value: Arc<str>,
    /// `Bearer <value>`, made once per token rather than once per call.
    pub header: Option<HeaderValue>,
    pub refreshable: bool,
}

struct Cached {
    token: Token,
    refresh_at: Option<Instant>,
}

enum Choice {
    Given(Credentials),
    Chain(Env),
}

pub(crate) struct TokenCache {
    choice: Choice,
    metadata_default: Option<String>,
    source: OnceCell<Source>,
    current: RwLock<Option<Cached>>,
    refresh: Mutex<()>,
}

impl TokenCache {
    pub(crate) fn new(credentials: Option<Credentials>, env: Env) -> Self {
        let metadata_default = env.get(env::METADATA_ADDR);
        TokenCache {
            choice: match credentials {
                Some(c) => Choice::Given(c),
                None => Choice::Chain(env),
            },
            metadata_default,
            source: OnceCell::new(),
            current: RwLock::new(None),
            refresh: Mutex::new(()),
        }
    }

    /// The cached token, when it is still good at `now`: the path nearly every call takes,
    /// with no allocation and no waiting.
    pub(crate) fn fresh(&self, now: Instant) -> Option<Token> {
        let current = self.current.read().unwrap_or_else(|e| e.into_inner());
        let cached = current.as_ref()?;
        match cached.refresh_at {
            Some(at) if now >= at => None,
            _ => Some(cached.token.clone()),
        }
    }

    /// A valid token, fetched when there is none.
    ///
    /// Boxed: fetching calls through the client, whose calls ask this cache for tokens
    /// (token exchange itself does not, but the types cannot know), a cycle in the types.
    pub(crate) fn token<'a>(&'a self, client: &'a Inner) -> BoxFuture<'a, Result<Token, Error>> {
        Box::pin(self.token_inner(client))
    }

    async fn token_inner(&self, client: &Inner) -> Result<Token, Error> {
        if let Some(t) = self.fresh(client.clock.now()) {
            return Ok(t);
        }
        // Single flight: one caller refreshes, the others wait here and then find its token.
        let _refreshing = self.refresh.lock().await;
        if let Some(t) = self.fresh(client.clock.now()) {
            return Ok(t);
        }
        let source = self.source.get_or_try_init(|| self.resolve(client)).await?;
        let fetched = fetch::fetch(source, client).await?;
        crate::trace::token_refreshed(source.kind(), fetched.lifetime);
        let max_age = match source {
            Source::Metadata(_) => METADATA_MAX_AGE,
            _ => MAX_AGE,
        };
        let token = Token {
            header: crate::transport::value(format!("Bearer {}", fetched.value)),
            value: fetched.value.into(),
            refreshable: source.refreshable(),
        };
        let cached = Cached {
            token: token.clone(),
            refresh_at: refresh_at(client.clock.now(), fetched.lifetime, max_age),
        };
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(cached);
        Ok(token)
    }

    /// Forgets `rejected` (a 401 answered it), unless another call already replaced it.
    pub(crate) fn reject(&self, rejected: &Token) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        if current
            .as_ref()
            .is_some_and(|c| c.token.value == rejected.value)
        {
            *current = None;
        }
    }

    async fn resolve(&self, client: &Inner) -> Result<Source, Error> {
        let metadata = |address: &Option<String>| {
            address
                .clone()
                .or_else(|| self.metadata_default.clone())
                .unwrap_or_else(|| chain::METADATA_DEFAULT.to_owned())
        };
        Ok(match &self.choice {
            Choice::Given(Credentials::IamToken(t)) => Source::Iam(t.clone()),
            Choice::Given(Credentials::OAuthToken(t)) => Source::OAuth(t.clone()),
            Choice::Given(Credentials::ServiceAccountKey(k)) => Source::Key(k.clone()),
            Choice::Given(Credentials::Metadata { address }) => Source::Metadata(metadata(address)),
            Choice::Chain(env) => chain::resolve(env, client.config.metadata_probe_timeout).await?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_is_early_and_bounded() {
        let now = Instant::now();
        let at = |lifetime: u64, max: u64| {
            refresh_at(
                now,
                Some(Duration::from_secs(lifetime)),
                Duration::from_secs(max),
            )
            .map(|t| (t - now).as_secs())
        };
        assert_eq!(at(12 * 3600, 3600), Some(3600), "at most an hour old");
        assert_eq!(at(1800, 3600), Some(1500), "five minutes early");
        assert_eq!(at(300, 3600), Some(150), "half of a short lifetime");
        assert_eq!(at(43200, 60), Some(60), "metadata: every minute");
        assert_eq!(refresh_at(now, None, MAX_AGE), None, "a given token");
    }
}
