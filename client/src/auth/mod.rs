//! Authentication: which credentials a client uses ([`Credentials`], or the environment's
//! chain), how each becomes an IAM token, and the one token cache a client's clones share.
//!
//! The chain, in order: `YC_SERVICE_ACCOUNT_KEY_FILE`, `YC_IAM_TOKEN`, `YC_TOKEN`, the VM
//! metadata service (after a short probe); the first one present is used, and when none is
//! the error lists what was tried.

mod cache;
mod chain;
mod fetch;
mod key;

use std::fmt;

pub(crate) use cache::TokenCache;
pub use key::{ServiceAccountKey, JWT_AUDIENCE};

use crate::Error;

/// Credentials chosen by the caller instead of the environment's chain.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// An IAM token, used as it is (it cannot be refreshed).
    IamToken(String),
    /// A Yandex Passport OAuth token, exchanged for IAM tokens.
    OAuthToken(String),
    /// A service-account key, whose signed JWTs are exchanged for IAM tokens.
    ServiceAccountKey(ServiceAccountKey),
    /// The VM metadata service: at `address` (`host:port`), else `YC_METADATA_ADDR`, else
    /// `169.254.169.254`.
    Metadata {
        /// The service's address.
        address: Option<String>,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Tokens are secrets: only the kind is printed.
        match self {
            Credentials::IamToken(_) => f.write_str("IamToken(..)"),
            Credentials::OAuthToken(_) => f.write_str("OAuthToken(..)"),
            Credentials::ServiceAccountKey(k) => k.fmt(f),
            Credentials::Metadata { address } => f
                .debug_struct("Metadata")
                .field("address", address)
                .finish(),
        }
    }
}

/// Where tokens come from, settled (the chain resolved, addresses filled in).
#[derive(Clone, Debug)]
pub(crate) enum Source {
    Iam(String),
    OAuth(String),
    Key(ServiceAccountKey),
    Metadata(String),
}

impl Source {
    /// What it is, as traces name it (never its secret).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Source::Iam(_) => "IAM token",
            Source::OAuth(_) => "OAuth token",
            Source::Key(_) => "service account key",
            Source::Metadata(_) => "metadata service",
        }
    }

    /// Whether a token can be replaced by asking again (a given IAM token cannot).
    pub(crate) fn refreshable(&self) -> bool {
        !matches!(self, Source::Iam(_))
    }
}

/// Why no token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthError {
    /// Nothing in the chain was present; what was tried, in order.
    NoCredentials {
        /// One line per step.
        tried: Vec<String>,
    },
    /// A service-account key could not be read.
    Key(String),
    /// IAM did not exchange a JWT or OAuth token for an IAM token.
    Exchange {
        /// What was exchanged (`a service-account JWT`, `an OAuth token`).
        what: &'static str,
        /// Why.
        source: Box<Error>,
    },
    /// The metadata service gave no token.
    Metadata {
        /// Its address.
        address: String,
        /// What went wrong.
        problem: String,
        /// The failed call, when there was one.
        source: Option<Box<Error>>,
    },
    /// A token answer was not the JSON it should be.
    BadAnswer {
        /// Who answered.
        from: &'static str,
        /// What was wrong.
        problem: String,
    },
}

impl AuthError {
    fn key_problem(&self) -> String {
        match self {
            AuthError::Key(problem) => problem.clone(),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::NoCredentials { tried } => {
                write!(
                    f,
                    "no credentials found; tried, in order: {}",
                    tried.join("; ")
                )
            }
            AuthError::Key(problem) => write!(f, "service-account key: {problem}"),
            AuthError::Exchange { what, source } => {
                write!(f, "exchanging {what} for an IAM token failed: {source}")
            }
            AuthError::Metadata {
                address, problem, ..
            } => write!(f, "the metadata service at {address}: {problem}"),
            AuthError::BadAnswer { from, problem } => {
                write!(f, "the token answer from {from} is unusable: {problem}")
            }
        }
    }
}

/// The source is what the message does not show: beneath an exchange's failure (which it
/// shows), what that has underneath; beneath the metadata service's problem, the call's error.
impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuthError::Exchange { source, .. } => std::error::Error::source(&**source),
            AuthError::Metadata {
                source: Some(s), ..
            } => Some(&**s),
            _ => None,
        }
    }
}
