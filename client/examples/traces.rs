//! Shows what the client tells `tracing`: lists a cloud's folders (as `list_folders` does)
//! with a `tracing-subscriber` formatter that prints the client's spans and events to
//! stderr, the folder ids to stdout.
//!
//! ```sh
//! YC_TOKEN=… cargo run -p yandex-cloud-client --example traces -- CLOUD_ID
//! ```
//!
//! Each call is a `yandex_cloud.call` span (service, method, verb, path template, trace id,
//! attempts, status) with a `yandex_cloud.attempt` span per attempt (request id, status,
//! elapsed time, and why and how long before a retry); token refreshes and operation polls
//! are events. No token, key or body is ever in them.

use std::process::ExitCode;

use futures_util::TryStreamExt as _;
use tracing_subscriber::fmt::format::FmtSpan;
use yandex_cloud_client::{Client, Error};
use yandex_cloud_models::resourcemanager::v1::ListFoldersRequest;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::DEBUG)
        // A line when each span closes, with its fields as they ended.
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .init();
    let Some(cloud_id) = std::env::args().nth(1) else {
        eprintln!("usage: traces CLOUD_ID");
        return ExitCode::from(2);
    };
    match run(cloud_id).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cloud_id: String) -> Result<(), Error> {
    let client = Client::from_env()?;
    let mut folders = client.items(ListFoldersRequest::new().set_cloud_id(cloud_id));
    while let Some(folder) = folders.try_next().await? {
        println!("{}", folder.id());
    }
    Ok(())
}
