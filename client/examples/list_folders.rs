//! Prints the id of every folder in a cloud (Resource Manager's `Folder.List`), one per
//! line, across all pages.
//!
//! ```sh
//! YC_TOKEN=… cargo run -p yandex-cloud-client --example list_folders -- CLOUD_ID
//! ```
//!
//! Credentials come from the chain (`YC_SERVICE_ACCOUNT_KEY_FILE`, `YC_IAM_TOKEN`,
//! `YC_TOKEN`, the VM metadata service); `YC_REST_ENDPOINT` sends every call elsewhere.

use std::process::ExitCode;

use futures_util::TryStreamExt as _;
use yandex_cloud_client::{Client, Error};
use yandex_cloud_models::resourcemanager::v1::ListFoldersRequest;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Some(cloud_id) = std::env::args().nth(1) else {
        eprintln!("usage: list_folders CLOUD_ID");
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
