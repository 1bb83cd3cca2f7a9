//! What some methods are besides a request: a listing read page by page, or a call that
//! returns a long-running operation. The generator implements these where the page shows
//! the shape (a `pageToken` in, a `nextPageToken` and one list out; an operation whose
//! `metadata` and `response` the page types), so that a client can page and wait generically.

use serde::de::DeserializeOwned;

use super::{ApiRequest, UnpackError};

/// A List method: a page token in, the next page's token and a list of items out.
pub trait PagedRequest: ApiRequest {
    /// One element of the list a page holds.
    type Item;

    /// The request's page token, to ask for the page after one.
    fn page_token_mut(&mut self) -> &mut Option<String>;

    /// The token of the next page; `None` or empty when this is the last page.
    fn next_page_token(page: &Self::Response) -> Option<&str>;

    /// The page's items.
    fn into_items(page: Self::Response) -> Vec<Self::Item>;
}

/// A method that returns a long-running operation, with the types its page says the
/// operation's `metadata` and `response` hold.
pub trait OperationRequest: ApiRequest {
    /// What the operation's `metadata` holds.
    type Metadata: DeserializeOwned;
    /// What the finished operation's `response` holds.
    type Output: DeserializeOwned;

    /// Reads the operation's `metadata`; `None` when it is absent.
    fn metadata(operation: &Self::Response) -> Result<Option<Self::Metadata>, UnpackError>;

    /// Reads the operation's `response`; `None` when it is absent (not done, or failed).
    fn output(operation: &Self::Response) -> Result<Option<Self::Output>, UnpackError>;
}
