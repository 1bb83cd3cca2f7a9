//! A client for the Yandex Cloud REST API over the request types of `yandex-cloud-models`.
//!
//! It sends a request and decodes its typed response; authenticates through the Yandex
//! Cloud credential chain (service-account key, IAM token, OAuth token, VM metadata) with a
//! shared token cache; retries what is safe to retry with exponential backoff and full
//! jitter; waits for long-running operations; and reads List methods page by page or item
//! by item. [`Client`] is async (tokio); [`blocking::Client`] is the same client for code
//! without a runtime.
//!
//! ```no_run
//! use futures_util::TryStreamExt as _;
//! use yandex_cloud_client::Client;
//! use yandex_cloud_models::mdb::spqr::v1::{BackupClusterRequest, GetClusterRequest, ListClustersRequest};
//!
//! # async fn run() -> Result<(), yandex_cloud_client::Error> {
//! let client = Client::from_env()?; // the credential chain, YC_REST_ENDPOINT
//! let cluster = client.send(&GetClusterRequest::new().set_cluster_id("c9q1")).await?;
//! let backed_up = client.send_and_wait(&BackupClusterRequest::new().set_cluster_id("c9q1")).await?;
//! // Or hold the operation: typed metadata now, the typed response later.
//! let backup = client.start(&BackupClusterRequest::new().set_cluster_id("c9q1")).await?;
//! println!("{} {:?}", backup.id(), backup.metadata()?.map(|m| m.cluster_id().to_owned()));
//! let backed_up = backup.wait().await?;
//! let mut clusters = client.items(ListClustersRequest::new().set_folder_id("b1g2"));
//! while let Some(cluster) = clusters.try_next().await? {
//!     println!("{:?}", cluster.id);
//! }
//! # Ok(()) }
//! ```
//!
//! The async client runs on tokio, with its I/O and time drivers enabled (as
//! `#[tokio::main]` sets it up); the blocking one brings its own runtime.
//!
//! With the `tracing` feature (on by default) every call is a `yandex_cloud.call` span
//! (service, method, verb, path template, trace id, attempts, status) holding a
//! `yandex_cloud.attempt` span per attempt (request id, status, elapsed time, why and how
//! long before a retry), and token refreshes and operation polls are events; never a token,
//! a key or a body. Any `tracing` subscriber shows them, for example
//! `tracing_subscriber::fmt().with_max_level(tracing::Level::DEBUG).init()` (the `traces`
//! example).
//!
//! How it is built: every decision (which credentials, when a token is stale, whether an
//! attempt is retried and after how long, how an operation poll or a page is read) is a
//! plain function or state machine in its own module ([`retry`], `auth`, `operation`,
//! `paging`); the async client runs them, and the blocking client drives the async one on a
//! runtime it owns, so the two cannot disagree.

#![forbid(unsafe_code)]

pub mod auth;
pub mod blocking;
mod client;
mod config;
mod env;
mod error;
mod handle;
mod operation;
mod paging;
pub mod retry;
mod time;
mod trace;
mod transport;

pub use auth::{Credentials, ServiceAccountKey};
pub use client::{CallOptions, Client, Idempotency};
pub use config::ClientBuilder;
pub use env::Env;
pub use error::{ApiError, DecodeError, Error, OperationError, TransportError, TransportKind};
pub use handle::OperationHandle;
pub use retry::RetryPolicy;
pub use time::{Clock, SystemClock};
