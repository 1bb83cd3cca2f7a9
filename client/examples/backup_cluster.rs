//! Backs up a Managed Service for SPQR cluster (`Cluster.Backup`), waits for the
//! operation, and prints the id of the cluster in its response. When the operation fails,
//! prints its error message to stderr and exits non-zero. Uses the blocking client.
//!
//! ```sh
//! YC_TOKEN=… cargo run -p yandex-cloud-client --example backup_cluster -- CLUSTER_ID
//! ```

use std::process::ExitCode;

use yandex_cloud_client::{blocking, Error};
use yandex_cloud_models::mdb::spqr::v1::BackupClusterRequest;

fn main() -> ExitCode {
    let Some(cluster_id) = std::env::args().nth(1) else {
        eprintln!("usage: backup_cluster CLUSTER_ID");
        return ExitCode::from(2);
    };
    let result = blocking::Client::from_env().and_then(|client| {
        client.send_and_wait(&BackupClusterRequest::new().set_cluster_id(cluster_id))
    });
    match result {
        Ok(cluster) => {
            println!("{}", cluster.id.unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(Error::OperationFailed(failed)) => {
            eprintln!(
                "{}",
                failed.message.as_deref().unwrap_or("the operation failed")
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
