//! Getting a token from a source: IAM's exchange for keys and OAuth tokens, the metadata
//! service for VMs. Both calls go through the client's retry policy (they create nothing,
//! so they are safe to repeat) and IAM's through its endpoint override.

use std::time::{Duration, SystemTime};

use serde_json::{json, Value};
use yandex_cloud_runtime::time::format_description::well_known::Rfc3339;
use yandex_cloud_runtime::time::OffsetDateTime;
use yandex_cloud_runtime::{CallBody, MethodInfo, Verb};

use super::chain::socket_address;
use super::{AuthError, Source};
use crate::client::{Inner, Prepared};
use crate::Error;

/// A key's JWT is valid this long; IAM accepts at most an hour.
const JWT_LIFETIME: Duration = Duration::from_secs(3600);
/// What IAM tokens live when an answer does not say.
const IAM_TOKEN_LIFETIME: Duration = Duration::from_secs(12 * 3600);

pub(crate) struct Fetched {
    pub value: String,
    /// `None`: valid as long as it is used (a token given as it is).
    pub lifetime: Option<Duration>,
}

/// IAM's token exchange, as traces name it (the IAM pages' `IamToken.Create`).
static IAM_TOKEN_CREATE: MethodInfo = MethodInfo::new(
    "yandex.cloud.iam.v1",
    "IamToken.Create",
    Verb::Post,
    &[],
    "/iam/v1/tokens",
    CallBody::Json,
);

/// The VM metadata service's token, as traces name it.
static METADATA_TOKEN: MethodInfo = MethodInfo::new(
    "metadata",
    "ServiceAccount.Token",
    Verb::Get,
    &[],
    "/computeMetadata/v1/instance/service-accounts/default/token",
    CallBody::Empty,
);

pub(crate) async fn fetch(source: &Source, client: &Inner) -> Result<Fetched, Error> {
    match source {
        Source::Iam(token) => Ok(Fetched {
            value: token.clone(),
            lifetime: None,
        }),
        Source::OAuth(token) => {
            exchange(
                client,
                "an OAuth token",
                json!({ "yandexPassportOauthToken": token }),
            )
            .await
        }
        Source::Key(key) => {
            let jwt = key.jwt(SystemTime::now(), JWT_LIFETIME)?;
            exchange(client, "a service-account JWT", json!({ "jwt": jwt })).await
        }
        Source::Metadata(address) => metadata(client, address).await,
    }
}

async fn exchange(client: &Inner, what: &'static str, body: Value) -> Result<Fetched, Error> {
    let call = Prepared {
        method: &IAM_TOKEN_CREATE,
        verb: Verb::Post,
        url: format!("{}/iam/v1/tokens", client.origin(&client.iam_host()?)),
        body: Some(body.to_string().into()),
        idempotency_key: None,
        authenticate: false,
        idempotent: true,
        headers: Vec::new(),
        retry: None,
    };
    let answer = client
        .execute(&call)
        .await
        .map_err(|e| AuthError::Exchange {
            what,
            source: Box::new(e),
        })?;
    let bad = |problem: String| AuthError::BadAnswer {
        from: "IAM",
        problem,
    };
    let json: Value = serde_json::from_slice(&answer.body).map_err(|e| bad(e.to_string()))?;
    let value = json
        .get("iamToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("no `iamToken`".into()))?
        .to_owned();
    let lifetime = match json.get("expiresAt").and_then(Value::as_str) {
        Some(at) => {
            let at = OffsetDateTime::parse(at, &Rfc3339)
                .map_err(|e| bad(format!("`expiresAt` {at:?}: {e}")))?;
            let left = at - OffsetDateTime::from(SystemTime::now());
            Duration::try_from(left).unwrap_or(Duration::ZERO)
        }
        None => IAM_TOKEN_LIFETIME,
    };
    Ok(Fetched {
        value,
        lifetime: Some(lifetime),
    })
}

async fn metadata(client: &Inner, address: &str) -> Result<Fetched, Error> {
    let call = Prepared {
        method: &METADATA_TOKEN,
        verb: Verb::Get,
        url: format!(
            "http://{}/computeMetadata/v1/instance/service-accounts/default/token",
            socket_address(address)
        ),
        body: None,
        idempotency_key: None,
        authenticate: false,
        idempotent: true,
        headers: vec![("metadata-flavor", "Google".to_owned())],
        retry: None,
    };
    let failed = |problem: String, source: Option<Error>| AuthError::Metadata {
        address: address.to_owned(),
        problem,
        source: source.map(Box::new),
    };
    let answer = match client.execute(&call).await {
        Ok(answer) => answer,
        Err(e) if e.status() == Some(404) => {
            return Err(failed(
                "no token (404): is a service account attached to this VM?".into(),
                Some(e),
            )
            .into())
        }
        Err(e) => return Err(failed("the token request failed".into(), Some(e)).into()),
    };
    let json: Value = serde_json::from_slice(&answer.body)
        .map_err(|e| failed(format!("the answer is not JSON: {e}"), None))?;
    let value = json
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| failed("the answer has no `access_token`".into(), None))?
        .to_owned();
    let lifetime = json
        .get("expires_in")
        .and_then(Value::as_u64)
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(60));
    Ok(Fetched {
        value,
        lifetime: Some(lifetime),
    })
}
