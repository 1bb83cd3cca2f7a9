//! Sets a folder's access bindings (Resource Manager's `Folder.SetAccessBindings`) to one
//! role for one subject, waits for the operation, and prints each change it reports
//! (`ADD viewer serviceAccount:aje…`).
//!
//! ```sh
//! YC_TOKEN=… cargo run -p yandex-cloud-client --example set_folder_access_bindings -- \
//!     FOLDER_ID ROLE SUBJECT_TYPE:SUBJECT_ID
//! ```
//!
//! The request is the shared `access::SetAccessBindingsRequest`, the message every
//! resource's `SetAccessBindings` sends, carried by the folder's own request type.

use std::process::ExitCode;

use yandex_cloud_client::{Client, Error};
use yandex_cloud_models::access::{AccessBinding, SetAccessBindingsRequest, Subject};
use yandex_cloud_models::resourcemanager::v1::SetFolderAccessBindingsRequest;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [folder_id, role, subject] = args.as_slice() else {
        eprintln!("usage: set_folder_access_bindings FOLDER_ID ROLE SUBJECT_TYPE:SUBJECT_ID");
        return ExitCode::from(2);
    };
    let Some((subject_type, subject_id)) = subject.split_once(':') else {
        eprintln!("the subject is TYPE:ID, as in serviceAccount:aje…");
        return ExitCode::from(2);
    };
    let binding = AccessBinding::new()
        .set_role_id(role.as_str())
        .set_subject(Subject::new().set_id(subject_id).set_type(subject_type));
    let request = SetFolderAccessBindingsRequest(
        SetAccessBindingsRequest::new()
            .set_resource_id(folder_id.as_str())
            .set_access_bindings([binding]),
    );
    match run(&request).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(request: &SetFolderAccessBindingsRequest) -> Result<(), Error> {
    let client = Client::from_env()?;
    let result = client.send_and_wait(request).await?;
    for delta in &result.effective_deltas {
        let action = delta.action.as_ref().map_or("", |a| a.as_str());
        let Some(binding) = &delta.access_binding else {
            continue;
        };
        let subject = binding.subject.as_ref();
        println!(
            "{action} {} {}:{}",
            binding.role_id(),
            subject.map_or("", |s| s.r#type()),
            subject.map_or("", |s| s.id())
        );
    }
    Ok(())
}
