//! Load on the loopback fake: 1,000 concurrent calls through the client, and the same
//! requests through bare reqwest, for the client's overhead. Not a test: it asserts only
//! what must hold under load (no error, exactly one token exchange) and prints figures.
//!
//! ```sh
//! cargo bench -p yandex-cloud-client --bench load            # 25 rounds
//! cargo bench -p yandex-cloud-client --bench load -- --rounds 51
//! ```
//!
//! Each round sends a batch of 1,000 concurrent GETs through each of the two, in
//! alternating order (so that drift on a shared machine hits both alike); both decode the
//! answer with the method's decoder, so the difference is what the client adds (token
//! cache, ids, the retry loop, timeouts). The fake runs on its own thread.

#[path = "../tests/support/fake.rs"]
mod fake;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake::{Fake, Reply, Request};
use serde_json::json;
use yandex_cloud_client::{Client, Credentials, Env};
use yandex_cloud_models::mdb::spqr::v1::GetClusterRequest;
use yandex_cloud_models::ApiRequest;

const CONCURRENT: usize = 1000;
const TOKEN: &str = "iam-bench";

fn main() {
    let mut rounds = 25;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--rounds" {
            rounds = args.next().and_then(|v| v.parse().ok()).unwrap_or(rounds);
        }
        // `cargo bench` passes `--bench`; anything else is ignored.
    }
    let exchanges = Arc::new(AtomicUsize::new(0));
    let counter = exchanges.clone();
    let body = json!({"id": "c1", "folderId": "f1", "name": "bench", "status": "RUNNING",
                      "labels": {"env": "bench"}, "networkId": "n1"});
    let fake = Fake::start_with(
        move |r: &Request| match r.path() {
            "/iam/v1/tokens" => {
                counter.fetch_add(1, Ordering::SeqCst);
                // Slow enough that all 1,000 calls wait for the one exchange.
                Reply::Delay(
                    Duration::from_millis(50),
                    Box::new(Reply::json(
                        200,
                        json!({"iamToken": TOKEN, "expiresAt": "2999-01-01T00:00:00Z"}),
                    )),
                )
            }
            _ => Reply::json(200, body.clone()),
        },
        false,
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let client = Client::builder()
            .env(Env::empty())
            .endpoint(fake.url())
            .credentials(Credentials::OAuthToken("y0_bench".into()))
            .build()
            .unwrap();
        let bare = reqwest::Client::builder()
            .user_agent(concat!(
                "yandex-cloud-client-rust/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .unwrap();
        let url = format!("{}/managed-spqr/v1/clusters/c1", fake.url());

        // The load check: a cold client, 1,000 calls at once.
        let cold = batch_client(&client).await;
        assert_eq!(
            exchanges.load(Ordering::SeqCst),
            1,
            "exactly one token exchange"
        );
        println!(
            "cold client: {CONCURRENT} concurrent calls, no error, {} token exchange, {:.0} ms",
            exchanges.load(Ordering::SeqCst),
            cold.wall.as_secs_f64() * 1e3
        );
        // Warm bare reqwest's pool as the cold batch warmed the client's.
        batch_bare(&bare, &url).await;

        let (mut client_runs, mut bare_runs) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            if round % 2 == 0 {
                client_runs.push(batch_client(&client).await);
                bare_runs.push(batch_bare(&bare, &url).await);
            } else {
                bare_runs.push(batch_bare(&bare, &url).await);
                client_runs.push(batch_client(&client).await);
            }
        }
        assert_eq!(exchanges.load(Ordering::SeqCst), 1, "still one exchange");
        let c = summary(&client_runs);
        let b = summary(&bare_runs);
        println!("{rounds} rounds of {CONCURRENT} concurrent GETs on loopback:");
        println!(
            "  medians of per-batch figures: throughput (calls/s)   p50 ms   p99 ms   CPU µs/call"
        );
        println!(
            "  bare reqwest   {:>36.0}   {:>6.2}   {:>6.2}   {:>11.1}",
            b.0, b.1, b.2, b.3
        );
        println!(
            "  client         {:>36.0}   {:>6.2}   {:>6.2}   {:>11.1}",
            c.0, c.1, c.2, c.3
        );
        println!(
            "  client overhead: throughput {:.1} % lower, p50 {:+.1} %, p99 {:+.1} %, CPU per call {:+.1} %",
            (1.0 - c.0 / b.0) * 100.0,
            (c.1 / b.1 - 1.0) * 100.0,
            (c.2 / b.2 - 1.0) * 100.0,
            (c.3 / b.3 - 1.0) * 100.0
        );
    });
}

/// Medians over the batches of: throughput (calls/s), p50 and p99 latency (ms), and CPU
/// time of the calling thread per call (µs). Medians
/// of per-batch figures, so that a batch slowed by another process on the shared machine
/// moves them less than pooling every call would.
fn summary(batches: &[Batch]) -> (f64, f64, f64, f64) {
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let quantile = |b: &Batch, q: f64| {
        let mut l = b.latencies.clone();
        l.sort();
        l[((l.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3
    };
    (
        median(
            batches
                .iter()
                .map(|b| b.latencies.len() as f64 / b.wall.as_secs_f64())
                .collect(),
        ),
        median(batches.iter().map(|b| quantile(b, 0.50)).collect()),
        median(batches.iter().map(|b| quantile(b, 0.99)).collect()),
        median(
            batches
                .iter()
                .map(|b| {
                    b.cpu.map_or(f64::NAN, |c| {
                        c.as_secs_f64() * 1e6 / b.latencies.len() as f64
                    })
                })
                .collect(),
        ),
    )
}

struct Batch {
    wall: Duration,
    latencies: Vec<Duration>,
    /// CPU time this thread (the runtime's only one) spent on the batch.
    cpu: Option<Duration>,
}

/// Time this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`). On a shared
/// machine this moves far less than wall time, which also counts waiting for a core.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

async fn batch_client(client: &Client) -> Batch {
    run_batch(|| {
        let client = client.clone();
        async move {
            client
                .send(&GetClusterRequest::new().set_cluster_id("c1"))
                .await
                .map(|c| c.id)
                .map_err(|e| e.to_string())
        }
    })
    .await
}

async fn batch_bare(bare: &reqwest::Client, url: &str) -> Batch {
    run_batch(|| {
        let bare = bare.clone();
        let url = url.to_owned();
        async move {
            // The same request on the wire as the client's: the same headers, fresh ids,
            // built inside the timed task as the client builds its own.
            let answer = bare
                .get(url)
                .header("x-request-id", uuid::Uuid::new_v4().to_string())
                .header("x-client-trace-id", uuid::Uuid::new_v4().to_string())
                .header("accept", "application/json")
                .header("authorization", format!("Bearer {TOKEN}"))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let body = answer.bytes().await.map_err(|e| e.to_string())?;
            GetClusterRequest::decode_response(&body)
                .map(|c| c.id)
                .map_err(|e| e.to_string())
        }
    })
    .await
}

async fn run_batch<F, Fut>(call: F) -> Batch
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<Option<String>, String>> + Send + 'static,
{
    let started = Instant::now();
    let cpu_before = thread_cpu();
    let tasks: Vec<_> = (0..CONCURRENT)
        .map(|_| {
            let call = call();
            tokio::spawn(async move {
                let t = Instant::now();
                let result = call.await;
                (result, t.elapsed())
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(CONCURRENT);
    for task in tasks {
        let (result, latency) = task.await.expect("the task ran");
        assert_eq!(result.expect("no call fails"), Some("c1".to_string()));
        latencies.push(latency);
    }
    Batch {
        wall: started.elapsed(),
        latencies,
        cpu: thread_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after - before),
    }
}
