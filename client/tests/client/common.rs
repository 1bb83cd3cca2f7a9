//! What the tests share: a clock that does not sleep, and clients aimed at a fake.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use serde_json::json;
use yandex_cloud_client::{Client, ClientBuilder, Clock, Credentials, Env};

use crate::fake::{Fake, Reply};

/// A clock whose sleeps return at once and move its time forward; it records them.
#[derive(Debug)]
pub struct FakeClock {
    start: Instant,
    elapsed: Mutex<Duration>,
    sleeps: Mutex<Vec<Duration>>,
}

impl FakeClock {
    pub fn new() -> Arc<FakeClock> {
        Arc::new(FakeClock {
            start: Instant::now(),
            elapsed: Mutex::new(Duration::ZERO),
            sleeps: Mutex::new(Vec::new()),
        })
    }

    /// Moves time forward without a sleep.
    pub fn advance(&self, by: Duration) {
        *self.elapsed.lock().unwrap() += by;
    }

    /// Every sleep so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.start + *self.elapsed.lock().unwrap()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.sleeps.lock().unwrap().push(duration);
        self.advance(duration);
        Box::pin(async {})
    }
}

/// A client for `fake`: its endpoint, an IAM token, no environment, the fake clock.
pub fn builder(fake: &Fake, clock: &Arc<FakeClock>) -> ClientBuilder {
    Client::builder()
        .env(Env::empty())
        .endpoint(fake.url())
        .credentials(Credentials::IamToken("t1.test-token".into()))
        .clock(clock.clone())
}

pub fn client(fake: &Fake) -> (Client, Arc<FakeClock>) {
    let clock = FakeClock::new();
    (builder(fake, &clock).build().unwrap(), clock)
}

/// IAM's answer to a token exchange.
pub fn iam_token(token: &str, lifetime: Duration) -> Reply {
    let expires = yandex_cloud_runtime::time::OffsetDateTime::now_utc() + lifetime;
    let expires = expires
        .format(&yandex_cloud_runtime::time::format_description::well_known::Rfc3339)
        .unwrap();
    Reply::json(200, json!({"iamToken": token, "expiresAt": expires}))
}

pub fn cluster(id: &str) -> Reply {
    Reply::json(200, json!({"id": id, "name": format!("name-{id}")}))
}

pub fn not_found() -> Reply {
    Reply::json(404, json!({"code": 5, "message": "not found"}))
}

/// Whether `text` is a UUIDv4 as the client writes them.
pub fn is_uuid_v4(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_ok_and(|u| u.get_version_num() == 4)
}

/// A loopback port nothing listens on.
pub fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    drop(listener);
    addr
}
