//! Service-account authorized keys, and the JWT that proves we hold one.
//!
//! Signing uses `ring` (RSASSA-PSS with SHA-256, which is JWT's PS256) straight on the
//! PKCS#8 key the console issues: ring is already the TLS provider's crypto, so this adds
//! no crypto crate, and it avoids the `rsa` crate, whose open timing advisory
//! (RUSTSEC-2023-0071, about decryption) audit tools would flag in every user's tree.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PSS_SHA256};
use serde_json::{json, Value};

use super::AuthError;

/// The audience IAM accepts key JWTs for.
pub const JWT_AUDIENCE: &str = "https://iam.api.cloud.yandex.net/iam/v1/tokens";

/// A service account's authorized key: its id, the account's id and the private key.
#[derive(Clone)]
pub struct ServiceAccountKey {
    id: String,
    service_account_id: String,
    pair: Arc<RsaKeyPair>,
}

impl fmt::Debug for ServiceAccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The private key is never printed.
        f.debug_struct("ServiceAccountKey")
            .field("id", &self.id)
            .field("service_account_id", &self.service_account_id)
            .finish_non_exhaustive()
    }
}

impl ServiceAccountKey {
    /// What `YC_SERVICE_ACCOUNT_KEY_FILE` holds: the key's JSON itself when it starts with
    /// `{`, else the path of a file holding it.
    pub fn load(path_or_json: &str) -> Result<Self, AuthError> {
        if path_or_json.trim_start().starts_with('{') {
            ServiceAccountKey::from_json(path_or_json)
        } else {
            ServiceAccountKey::from_file(path_or_json)
        }
    }

    /// Reads a key file (`yc iam key create --output key.json`).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, AuthError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| AuthError::Key(format!("cannot read {}: {e}", path.display())))?;
        ServiceAccountKey::from_json(&text)
            .map_err(|e| AuthError::Key(format!("{}: {}", path.display(), e.key_problem())))
    }

    /// Reads a key's JSON. Field names may be snake_case (as `yc` writes them) or
    /// camelCase (as the API returns them).
    pub fn from_json(json: &str) -> Result<Self, AuthError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| AuthError::Key(format!("the key is not JSON: {e}")))?;
        let field = |snake: &str, camel: &str| {
            value
                .get(snake)
                .or_else(|| value.get(camel))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| AuthError::Key(format!("the key has no `{snake}`")))
        };
        let id = field("id", "id")?;
        let service_account_id = field("service_account_id", "serviceAccountId")?;
        let private_key = field("private_key", "privateKey")?;
        ServiceAccountKey::new(id, service_account_id, &private_key)
    }

    /// A key from its parts; `private_key_pem` is the PEM text (PKCS#8 `PRIVATE KEY`, or
    /// PKCS#1 `RSA PRIVATE KEY`), anything before its `-----BEGIN` line ignored.
    pub fn new(
        id: impl Into<String>,
        service_account_id: impl Into<String>,
        private_key_pem: &str,
    ) -> Result<Self, AuthError> {
        let (label, der) = pem_block(private_key_pem)?;
        let pair = match label.as_str() {
            "PRIVATE KEY" => RsaKeyPair::from_pkcs8(&der),
            "RSA PRIVATE KEY" => RsaKeyPair::from_der(&der),
            other => {
                return Err(AuthError::Key(format!(
                    "the private key is a `{other}` PEM block, not an RSA key"
                )))
            }
        }
        .map_err(|e| AuthError::Key(format!("the private key is not a usable RSA key: {e}")))?;
        Ok(ServiceAccountKey {
            id: id.into(),
            service_account_id: service_account_id.into(),
            pair: Arc::new(pair),
        })
    }

    /// The key's id (the JWT's `kid`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The service account's id (the JWT's `iss`).
    pub fn service_account_id(&self) -> &str {
        &self.service_account_id
    }

    /// A PS256 JWT for IAM's token exchange, issued at `issued_at`, valid for `lifetime`
    /// (IAM accepts at most an hour).
    pub fn jwt(&self, issued_at: SystemTime, lifetime: Duration) -> Result<String, AuthError> {
        let iat = issued_at
            .duration_since(UNIX_EPOCH)
            .map_err(|_| AuthError::Key("the clock is before 1970".into()))?
            .as_secs();
        let exp = iat + lifetime.min(Duration::from_secs(3600)).as_secs();
        let header = json!({"typ": "JWT", "alg": "PS256", "kid": self.id});
        let claims = json!({
            "iss": self.service_account_id,
            "aud": JWT_AUDIENCE,
            "iat": iat,
            "exp": exp,
        });
        let mut token = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(
                &RSA_PSS_SHA256,
                &SystemRandom::new(),
                token.as_bytes(),
                &mut signature,
            )
            .map_err(|_| AuthError::Key("signing the JWT failed".into()))?;
        token.push('.');
        token.push_str(&URL_SAFE_NO_PAD.encode(signature));
        Ok(token)
    }
}

/// The first PEM block in `text`: its label and its decoded bytes. Text before it (the
/// console's `PLEASE DO NOT REMOVE THIS LINE!` line) is skipped.
fn pem_block(text: &str) -> Result<(String, Vec<u8>), AuthError> {
    let mut lines = text.lines().map(str::trim);
    let label = lines
        .by_ref()
        .find_map(|l| l.strip_prefix("-----BEGIN ")?.strip_suffix("-----"))
        .ok_or_else(|| AuthError::Key("the private key has no `-----BEGIN` line".into()))?
        .to_owned();
    let end = format!("-----END {label}-----");
    let mut base64 = String::new();
    for line in lines.by_ref() {
        if line == end {
            let der = STANDARD
                .decode(base64.as_bytes())
                .map_err(|e| AuthError::Key(format!("the private key's PEM is not base64: {e}")))?;
            return Ok((label, der));
        }
        base64.push_str(line);
    }
    Err(AuthError::Key(format!(
        "the private key has no `{end}` line"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_blocks_are_found_after_leading_text() {
        let text = "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <k>\n\
                    -----BEGIN PRIVATE KEY-----\nAAEC\nAw==\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            pem_block(text).unwrap(),
            ("PRIVATE KEY".to_string(), vec![0, 1, 2, 3])
        );
        assert!(pem_block("no pem").is_err());
        assert!(pem_block("-----BEGIN X-----\nAAEC\n").is_err());
    }

    #[test]
    fn missing_fields_are_named() {
        let e = ServiceAccountKey::from_json(r#"{"id": "k", "private_key": "x"}"#).unwrap_err();
        assert!(e.to_string().contains("service_account_id"), "{e}");
        let e = ServiceAccountKey::from_json("not json").unwrap_err();
        assert!(e.to_string().contains("not JSON"), "{e}");
    }
}
