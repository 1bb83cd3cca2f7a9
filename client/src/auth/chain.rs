//! The credential chain: which credentials the environment offers, in the order users of
//! the official SDKs and `yc` expect.

use std::time::Duration;

use tokio::net::TcpStream;

use super::{AuthError, ServiceAccountKey, Source};
use crate::env::{self, Env};

/// The VM metadata service's link-local address.
pub(crate) const METADATA_DEFAULT: &str = "169.254.169.254";

/// The first credentials the environment offers. A key that is set but unreadable is an
/// error rather than a reason to go on down the chain: the user meant that key.
pub(crate) async fn resolve(env: &Env, probe_timeout: Duration) -> Result<Source, AuthError> {
    let mut tried = Vec::new();
    match env.get(env::SERVICE_ACCOUNT_KEY_FILE) {
        Some(key) => return Ok(Source::Key(ServiceAccountKey::load(&key)?)),
        None => tried.push(format!("{} (not set)", env::SERVICE_ACCOUNT_KEY_FILE)),
    }
    match env.get(env::IAM_TOKEN) {
        Some(token) => return Ok(Source::Iam(token.trim().to_owned())),
        None => tried.push(format!("{} (not set)", env::IAM_TOKEN)),
    }
    match env.get(env::TOKEN) {
        Some(token) => {
            let token = token.trim().to_owned();
            // IAM tokens start with `t1.`; anything else is a Passport OAuth token.
            return Ok(if token.starts_with("t1.") {
                Source::Iam(token)
            } else {
                Source::OAuth(token)
            });
        }
        None => tried.push(format!("{} (not set)", env::TOKEN)),
    }
    let address = env
        .get(env::METADATA_ADDR)
        .unwrap_or_else(|| METADATA_DEFAULT.to_owned());
    match probe(&address, probe_timeout).await {
        Ok(()) => Ok(Source::Metadata(address)),
        Err(why) => {
            tried.push(format!("the VM metadata service at {address} ({why})"));
            Err(AuthError::NoCredentials { tried })
        }
    }
}

/// `host:port` for an address given as `host`, `host:port` or `http://host:port`.
pub(crate) fn socket_address(address: &str) -> String {
    let bare = address.trim_start_matches("http://").trim_end_matches('/');
    let has_port = match bare.rsplit_once(':') {
        // `[::1]` has colons but no port; `[::1]:80` and `host:80` have one.
        Some((host, port)) => {
            port.parse::<u16>().is_ok() && (!host.contains(':') || host.ends_with(']'))
        }
        None => false,
    };
    if has_port {
        bare.to_owned()
    } else {
        format!("{bare}:80")
    }
}

/// Whether anything listens at the metadata address. Off a VM, 169.254.169.254 does not
/// answer at all, so the probe is a connection with a short timeout rather than a request
/// that would wait for the full one.
async fn probe(address: &str, timeout: Duration) -> Result<(), String> {
    let target = socket_address(address);
    match tokio::time::timeout(timeout, TcpStream::connect(&target)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(format!("no connection: {e}")),
        Err(_) => Err(format!("no answer within {timeout:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_addresses_get_a_port() {
        assert_eq!(socket_address("169.254.169.254"), "169.254.169.254:80");
        assert_eq!(socket_address("127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(socket_address("http://127.0.0.1:8080/"), "127.0.0.1:8080");
        assert_eq!(socket_address("[::1]"), "[::1]:80");
        assert_eq!(socket_address("[::1]:81"), "[::1]:81");
    }
}
