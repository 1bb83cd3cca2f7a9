//! Creates a cloud network in a folder (VPC's `Network.Create`), waits for the operation,
//! and prints the new network's id. Uses the blocking client.
//!
//! ```sh
//! YC_TOKEN=… cargo run -p yandex-cloud-client --example create_network -- FOLDER_ID NAME
//! ```

use std::process::ExitCode;

use yandex_cloud_client::blocking::Client;
use yandex_cloud_models::vpc::v1::CreateNetworkRequest;

fn main() -> ExitCode {
    let (Some(folder_id), Some(name)) = (std::env::args().nth(1), std::env::args().nth(2)) else {
        eprintln!("usage: create_network FOLDER_ID NAME");
        return ExitCode::from(2);
    };
    let request = CreateNetworkRequest::new()
        .set_folder_id(folder_id)
        .set_name(name)
        .set_labels([("created-by", "yandex-cloud-client")]);
    match Client::from_env().and_then(|client| client.send_and_wait(&request)) {
        Ok(network) => {
            println!("{}", network.id());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
