//! Credentials: the bearer token, its cache and refresh, the exchanges, the metadata
//! service and the chain's order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};
use yandex_cloud_client::auth::AuthError;
use yandex_cloud_client::{Client, Credentials, Env, Error, ServiceAccountKey};
use yandex_cloud_models::mdb::spqr::v1::GetClusterRequest;

use crate::common::{closed_port, cluster, iam_token, FakeClock};
use crate::fake::{Fake, Reply, Request};

const TOKENS: &str = "/iam/v1/tokens";
const METADATA: &str = "/computeMetadata/v1/instance/service-accounts/default/token";

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn get() -> GetClusterRequest {
    GetClusterRequest::new().set_cluster_id("c1")
}

/// A fake API with IAM (tokens `iam-1`, `iam-2`… valid `lifetime`) and a metadata
/// service (tokens `meta-1`… with `expires_in`).
fn api(lifetime: Duration, expires_in: u64) -> Fake {
    let issued = AtomicUsize::new(0);
    Fake::start(move |r: &Request| match r.path() {
        TOKENS => iam_token(
            &format!("iam-{}", issued.fetch_add(1, Ordering::SeqCst) + 1),
            lifetime,
        ),
        METADATA => Reply::json(
            200,
            json!({
                "access_token": format!("meta-{}", issued.fetch_add(1, Ordering::SeqCst) + 1),
                "expires_in": expires_in,
                "token_type": "Bearer"
            }),
        ),
        _ => cluster("c1"),
    })
}

fn with(fake: &Fake, clock: &Arc<FakeClock>, env: Env) -> yandex_cloud_client::ClientBuilder {
    Client::builder()
        .env(env)
        .endpoint(fake.url())
        .clock(clock.clone())
}

fn bearers(fake: &Fake) -> Vec<String> {
    fake.requests()
        .iter()
        .filter(|r| r.path().starts_with("/managed-spqr/"))
        .map(|r| r.header("authorization").unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn an_oauth_token_is_exchanged_once_and_the_iam_token_cached() {
    let fake = api(Duration::from_secs(12 * 3600), 0);
    let clock = FakeClock::new();
    let client = with(&fake, &clock, Env::empty())
        .credentials(Credentials::OAuthToken("y0_oauth".into()))
        .build()
        .unwrap();
    for _ in 0..3 {
        client.send(&get()).await.unwrap();
    }
    assert_eq!(fake.count(TOKENS), 1);
    let exchange = &fake.requests()[0];
    assert_eq!(exchange.method, "POST");
    assert_eq!(
        exchange.json(),
        json!({"yandexPassportOauthToken": "y0_oauth"})
    );
    assert_eq!(exchange.header("authorization"), None);
    assert_eq!(bearers(&fake), ["Bearer iam-1"; 3]);
    // Clones share the cache.
    client.clone().send(&get()).await.unwrap();
    assert_eq!(fake.count(TOKENS), 1);
}

#[tokio::test]
async fn tokens_are_refreshed_after_an_hour_or_five_minutes_before_expiry() {
    // A token for 12 hours is refreshed after an hour; one for 20 minutes, 5 minutes
    // before it expires.
    for (lifetime, still_fresh_at, why) in [
        (12 * 3600, 59 * 60, "refreshed after an hour"),
        (20 * 60, 14 * 60, "refreshed 5 minutes before expiry"),
    ] {
        let fake = api(Duration::from_secs(lifetime), 0);
        let clock = FakeClock::new();
        let client = with(&fake, &clock, Env::empty())
            .credentials(Credentials::OAuthToken("y0".into()))
            .build()
            .unwrap();
        client.send(&get()).await.unwrap();
        clock.advance(Duration::from_secs(still_fresh_at));
        client.send(&get()).await.unwrap();
        assert_eq!(fake.count(TOKENS), 1, "{why}");
        clock.advance(Duration::from_secs(2 * 60));
        client.send(&get()).await.unwrap();
        assert_eq!(fake.count(TOKENS), 2, "{why}");
        assert_eq!(
            bearers(&fake),
            ["Bearer iam-1", "Bearer iam-1", "Bearer iam-2"],
            "{why}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_refresh_serves_a_hundred_concurrent_calls() {
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    let fake = Fake::start(move |r: &Request| match r.path() {
        TOKENS => {
            counter.fetch_add(1, Ordering::SeqCst);
            Reply::Delay(
                Duration::from_millis(200),
                Box::new(iam_token("iam-once", Duration::from_secs(3600))),
            )
        }
        _ => cluster("c1"),
    });
    let client = with(&fake, &FakeClock::new(), Env::empty())
        .credentials(Credentials::OAuthToken("y0".into()))
        .build()
        .unwrap();
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send(&get()).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    assert_eq!(bearers(&fake).len(), 100);
    assert!(bearers(&fake).iter().all(|b| b == "Bearer iam-once"));
}

#[tokio::test]
async fn a_401_drops_the_token_and_retries_once() {
    let api_calls = Arc::new(AtomicUsize::new(0));
    let seen = api_calls.clone();
    let issued = AtomicUsize::new(0);
    let fake = Fake::start(move |r: &Request| match r.path() {
        TOKENS => iam_token(
            &format!("iam-{}", issued.fetch_add(1, Ordering::SeqCst) + 1),
            Duration::from_secs(3600),
        ),
        "/managed-spqr/v1/clusters/once" if seen.fetch_add(1, Ordering::SeqCst) == 0 => {
            Reply::json(401, json!({"code": 16, "message": "expired"}))
        }
        "/managed-spqr/v1/clusters/once" => cluster("c1"),
        _ => Reply::json(401, json!({"code": 16, "message": "never"})),
    });
    let client = with(&fake, &FakeClock::new(), Env::empty())
        .credentials(Credentials::OAuthToken("y0".into()))
        .build()
        .unwrap();
    client
        .send(&GetClusterRequest::new().set_cluster_id("once"))
        .await
        .unwrap();
    assert_eq!(bearers(&fake), ["Bearer iam-1", "Bearer iam-2"]);

    let e = client
        .send(&GetClusterRequest::new().set_cluster_id("always"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert_eq!(bearers(&fake).len(), 4, "one retry, not more");
    assert_eq!(fake.count(TOKENS), 3);

    // A token given as it is cannot be replaced: the 401 is the answer.
    let fixed = with(&fake, &FakeClock::new(), Env::empty())
        .credentials(Credentials::IamToken("t1.fixed".into()))
        .build()
        .unwrap();
    let e = fixed
        .send(&GetClusterRequest::new().set_cluster_id("always"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert_eq!(bearers(&fake).len(), 5);
}

/// Checks a key JWT with the public half of the test key, and returns its claims.
fn verified_claims(jwt: &str) -> Value {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    let public = include_bytes!("../data/test-key.pub.der");
    let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    ring::signature::UnparsedPublicKey::new(&ring::signature::RSA_PSS_2048_8192_SHA256, public)
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("a PS256 signature by the test key");
    let decode = |part: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    };
    assert_eq!(
        decode(parts[0]),
        json!({"typ": "JWT", "alg": "PS256", "kid": "ajeTESTKEYID"})
    );
    decode(parts[1])
}

#[tokio::test]
async fn a_key_file_signs_a_jwt_that_iam_can_verify() {
    let fake = api(Duration::from_secs(3600), 0);
    let key = ServiceAccountKey::from_file(data("sa-key.json")).unwrap();
    assert_eq!(key.id(), "ajeTESTKEYID");
    let client = with(&fake, &FakeClock::new(), Env::empty())
        .credentials(Credentials::ServiceAccountKey(key))
        .build()
        .unwrap();
    client.send(&get()).await.unwrap();
    let exchange = &fake.requests()[0];
    assert_eq!(exchange.path(), TOKENS);
    let jwt = exchange.json()["jwt"].as_str().unwrap().to_owned();
    let claims = verified_claims(&jwt);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let iat = claims["iat"].as_u64().unwrap();
    let exp = claims["exp"].as_u64().unwrap();
    assert_eq!(claims["iss"], "ajeTESTSAID");
    assert_eq!(
        claims["aud"],
        "https://iam.api.cloud.yandex.net/iam/v1/tokens"
    );
    assert!(iat <= now && now - iat < 60, "iat is now");
    assert!(exp > iat && exp - iat <= 3600, "exp at most an hour later");
    assert_eq!(bearers(&fake), ["Bearer iam-1"]);
}

#[test]
fn key_files_are_read_in_either_case_from_a_path_or_inline() {
    let snake = ServiceAccountKey::load(&data("sa-key.json")).unwrap();
    let camel = ServiceAccountKey::load(&data("sa-key-camel.json")).unwrap();
    let inline =
        ServiceAccountKey::load(&std::fs::read_to_string(data("sa-key-camel.json")).unwrap())
            .unwrap();
    for key in [&snake, &camel, &inline] {
        assert_eq!(
            (key.id(), key.service_account_id()),
            ("ajeTESTKEYID", "ajeTESTSAID")
        );
        let jwt = key
            .jwt(SystemTime::now(), Duration::from_secs(7200))
            .unwrap();
        let claims = verified_claims(&jwt);
        let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
        assert_eq!(lifetime, 3600, "capped at an hour");
    }
    assert!(!format!("{snake:?}").contains("PRIVATE"), "never printed");
    let e = ServiceAccountKey::load("/nonexistent/key.json").unwrap_err();
    assert!(e.to_string().contains("/nonexistent/key.json"), "{e}");
}

#[tokio::test]
async fn the_chain_takes_the_first_credentials_present() {
    let key_json = std::fs::read_to_string(data("sa-key.json")).unwrap();
    let fake = api(Duration::from_secs(3600), 3600);
    let all = [
        ("YC_SERVICE_ACCOUNT_KEY_FILE", key_json.clone()),
        ("YC_IAM_TOKEN", "t1.from-iam-env".into()),
        ("YC_TOKEN", "y0_oauth".into()),
        ("YC_METADATA_ADDR", fake.addr()),
    ];
    // Each case drops the steps before it.
    let cases: [(usize, &str); 4] = [
        (0, "jwt"),
        (1, "Bearer t1.from-iam-env"),
        (2, "yandexPassportOauthToken"),
        (3, "Bearer meta-"),
    ];
    for (skip, expect) in cases {
        let fake = api(Duration::from_secs(3600), 3600);
        let mut env: Vec<(&str, String)> = all[skip..].to_vec();
        if let Some(entry) = env.iter_mut().find(|(k, _)| *k == "YC_METADATA_ADDR") {
            entry.1 = fake.addr();
        }
        let client = with(&fake, &FakeClock::new(), Env::from_pairs(env))
            .build()
            .unwrap();
        client.send(&get()).await.unwrap();
        let shown: String = fake
            .requests()
            .iter()
            .map(|r| {
                format!(
                    "{} {}\n",
                    String::from_utf8_lossy(&r.body),
                    r.header("authorization").unwrap_or("")
                )
            })
            .collect();
        assert!(shown.contains(expect), "step {skip}: {shown}");
    }

    // YC_TOKEN holding an IAM token is used as it is.
    let fake = api(Duration::from_secs(3600), 0);
    let client = with(
        &fake,
        &FakeClock::new(),
        Env::from_pairs([("YC_TOKEN", "t1.iam-in-yc-token")]),
    )
    .build()
    .unwrap();
    client.send(&get()).await.unwrap();
    assert_eq!(fake.count(TOKENS), 0);
    assert_eq!(bearers(&fake), ["Bearer t1.iam-in-yc-token"]);

    // Credentials given explicitly come before the environment.
    let client = with(
        &fake,
        &FakeClock::new(),
        Env::from_pairs([("YC_IAM_TOKEN", "t1.env")]),
    )
    .credentials(Credentials::IamToken("t1.explicit".into()))
    .build()
    .unwrap();
    client.send(&get()).await.unwrap();
    assert_eq!(bearers(&fake)[1], "Bearer t1.explicit");

    // A key that is set but broken is an error, not a reason to go on.
    let client = with(
        &fake,
        &FakeClock::new(),
        Env::from_pairs([
            ("YC_SERVICE_ACCOUNT_KEY_FILE", "{\"id\": \"k\"}"),
            ("YC_IAM_TOKEN", "t1.env"),
        ]),
    )
    .build()
    .unwrap();
    let e = client.send(&get()).await.unwrap_err();
    assert!(matches!(e, Error::Auth(AuthError::Key(_))), "{e:?}");
}

#[tokio::test]
async fn with_nothing_set_the_chain_gives_up_quickly_and_says_what_it_tried() {
    let fake = api(Duration::from_secs(3600), 0);
    let client = with(
        &fake,
        &FakeClock::new(),
        Env::from_pairs([("YC_METADATA_ADDR", closed_port())]),
    )
    .build()
    .unwrap();
    let started = Instant::now();
    let e = client.send(&get()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let Error::Auth(AuthError::NoCredentials { tried }) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(tried.len(), 4, "{tried:?}");
    let text = e.to_string();
    for step in [
        "YC_SERVICE_ACCOUNT_KEY_FILE",
        "YC_IAM_TOKEN",
        "YC_TOKEN",
        "metadata",
    ] {
        assert!(text.contains(step), "{text}");
    }
    assert!(fake.requests().is_empty(), "no call without a token");
}

#[tokio::test]
async fn the_metadata_service_is_asked_with_its_header_and_its_expiry_honoured() {
    let fake = api(Duration::from_secs(3600), 30);
    let clock = FakeClock::new();
    let client = with(
        &fake,
        &clock,
        Env::from_pairs([("YC_METADATA_ADDR", fake.addr())]),
    )
    .build()
    .unwrap();
    client.send(&get()).await.unwrap();
    let asked = &fake.requests()[0];
    assert_eq!((asked.method.as_str(), asked.path()), ("GET", METADATA));
    assert_eq!(asked.header("metadata-flavor"), Some("Google"));
    clock.advance(Duration::from_secs(10));
    client.send(&get()).await.unwrap();
    assert_eq!(fake.count(METADATA), 1);
    clock.advance(Duration::from_secs(6));
    client.send(&get()).await.unwrap();
    assert_eq!(
        fake.count(METADATA),
        2,
        "a 30 s token is replaced after half of it"
    );
    assert_eq!(
        bearers(&fake),
        ["Bearer meta-1", "Bearer meta-1", "Bearer meta-2"]
    );

    // A long-lived metadata token is still re-read every minute.
    let fake = api(Duration::from_secs(3600), 43200);
    let clock = FakeClock::new();
    let client = with(&fake, &clock, Env::empty())
        .credentials(Credentials::Metadata {
            address: Some(fake.addr()),
        })
        .build()
        .unwrap();
    client.send(&get()).await.unwrap();
    clock.advance(Duration::from_secs(61));
    client.send(&get()).await.unwrap();
    assert_eq!(fake.count(METADATA), 2);
}

#[tokio::test]
async fn a_metadata_404_says_no_service_account_is_attached() {
    let fake = Fake::start(|_| Reply::text(404, "Not Found"));
    let client = with(&fake, &FakeClock::new(), Env::empty())
        .credentials(Credentials::Metadata {
            address: Some(fake.addr()),
        })
        .build()
        .unwrap();
    let e = client.send(&get()).await.unwrap_err();
    assert!(
        matches!(e, Error::Auth(AuthError::Metadata { .. })),
        "{e:?}"
    );
    assert!(e.to_string().contains("service account attached"), "{e}");
    assert_eq!(fake.count(METADATA), 1, "a 404 is not retried");
}
