//! Creates a virtual machine (Compute's `Instance.Create`): two cores and 2 GiB, a 20 GiB
//! boot disk from an image, one network interface in a subnet with a public address; waits
//! for the operation and prints the instance's id and its internal and public addresses.
//!
//! ```sh
//! YC_TOKEN=… cargo run -p yandex-cloud-client --example create_instance -- \
//!     FOLDER_ID ZONE_ID IMAGE_ID SUBNET_ID
//! ```

use std::process::ExitCode;

use yandex_cloud_client::{Client, Error};
use yandex_cloud_models::compute::v1::attached_disk_spec::DiskSpec;
use yandex_cloud_models::compute::v1::{
    AttachedDiskSpec, CreateInstanceRequest, Instance, IpVersion, NetworkInterfaceSpec,
    OneToOneNatSpec, PrimaryAddressSpec, ResourcesSpec,
};

const GIB: i64 = 1 << 30;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [folder, zone, image, subnet] = &args[..] else {
        eprintln!("usage: create_instance FOLDER_ID ZONE_ID IMAGE_ID SUBNET_ID");
        return ExitCode::from(2);
    };
    match create(folder, zone, image, subnet).await {
        Ok(instance) => {
            let address = instance
                .network_interfaces
                .first()
                .and_then(|nic| nic.primary_v4_address.as_ref());
            let internal = address.map_or("-", |a| a.address());
            let public = address
                .and_then(|a| a.one_to_one_nat.as_ref())
                .map_or("-", |nat| nat.address());
            println!("{} {internal} {public}", instance.id());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn create(folder: &str, zone: &str, image: &str, subnet: &str) -> Result<Instance, Error> {
    let client = Client::from_env()?;
    let request =
        CreateInstanceRequest::new()
            .set_folder_id(folder)
            .set_zone_id(zone)
            .set_platform_id("standard-v3")
            .set_resources_spec(ResourcesSpec::new().set_cores(2).set_memory(2 * GIB))
            .set_boot_disk_spec(
                AttachedDiskSpec::new()
                    .set_auto_delete(true)
                    .set_disk_spec(DiskSpec::new().set_image_id(image).set_size(20 * GIB)),
            )
            .set_network_interface_specs([NetworkInterfaceSpec::new()
                .set_subnet_id(subnet)
                .set_primary_v4_address_spec(PrimaryAddressSpec::new().set_one_to_one_nat_spec(
                    OneToOneNatSpec::new().set_ip_version(IpVersion::Ipv4),
                ))]);
    client.send_and_wait(&request).await
}
