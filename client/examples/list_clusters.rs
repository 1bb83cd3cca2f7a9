//! Prints the id of every Managed Service for SPQR cluster in a folder, one per line,
//! across all pages.
//!
//! ```sh
//! YC_TOKEN=… cargo run -p yandex-cloud-client --example list_clusters -- FOLDER_ID
//! ```
//!
//! Credentials come from the chain (`YC_SERVICE_ACCOUNT_KEY_FILE`, `YC_IAM_TOKEN`,
//! `YC_TOKEN`, the VM metadata service); `YC_REST_ENDPOINT` sends every call elsewhere.

use std::process::ExitCode;

use futures_util::TryStreamExt as _;
use yandex_cloud_client::Client;
use yandex_cloud_models::mdb::spqr::v1::ListClustersRequest;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Some(folder_id) = std::env::args().nth(1) else {
        eprintln!("usage: list_clusters FOLDER_ID");
        return ExitCode::from(2);
    };
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut clusters = client.items(ListClustersRequest::new().set_folder_id(folder_id));
    loop {
        match clusters.try_next().await {
            Ok(Some(cluster)) => println!("{}", cluster.id.unwrap_or_default()),
            Ok(None) => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
}
