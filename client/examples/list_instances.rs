//! Prints every virtual machine of a folder (Compute's `Instance.List`): its id, status and
//! zone, one per line, across all pages.
//!
//! ```sh
//! YC_TOKEN=… cargo run -p yandex-cloud-client --example list_instances -- FOLDER_ID
//! ```
//!
//! Credentials come from the chain (`YC_SERVICE_ACCOUNT_KEY_FILE`, `YC_IAM_TOKEN`,
//! `YC_TOKEN`, the VM metadata service); `YC_REST_ENDPOINT` sends every call elsewhere.

use std::process::ExitCode;

use futures_util::TryStreamExt as _;
use yandex_cloud_client::{Client, Error};
use yandex_cloud_models::compute::v1::ListInstancesRequest;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Some(folder_id) = std::env::args().nth(1) else {
        eprintln!("usage: list_instances FOLDER_ID");
        return ExitCode::from(2);
    };
    match run(folder_id).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(folder_id: String) -> Result<(), Error> {
    let client = Client::from_env()?;
    let mut instances = client.items(ListInstancesRequest::new().set_folder_id(folder_id));
    while let Some(instance) = instances.try_next().await? {
        let status = instance.status.as_ref().map_or("-", |s| s.as_str());
        println!("{} {status} {}", instance.id(), instance.zone_id());
    }
    Ok(())
}
