//! Listings: a List method read page after page. One state machine, driven by the async
//! stream and by the blocking iterator alike.

use std::collections::HashSet;

use futures_core::Stream;
use futures_util::{stream, TryStreamExt as _};
use yandex_cloud_runtime::PagedRequest;

use crate::{Client, Error};

/// Where a listing is.
pub(crate) enum PageState<R> {
    /// The request for the next page, and every token seen so far.
    Next(R, HashSet<String>),
    /// The next thing to yield is this error, then the end.
    Failed(Error),
    Done,
}

impl<R: PagedRequest> PageState<R> {
    pub(crate) fn new(mut request: R) -> Self {
        let mut seen = HashSet::new();
        // A server answering the first request's own token would loop too.
        if let Some(token) = request.page_token_mut().clone() {
            seen.insert(token);
        }
        PageState::Next(request, seen)
    }

    /// What follows a page. An empty page can still have a next token (the server stopped
    /// early, filtering); only the absence of a token ends the listing.
    fn after(mut request: R, mut seen: HashSet<String>, page: &R::Response) -> Self {
        match R::next_page_token(page).filter(|t| !t.is_empty()) {
            None => PageState::Done,
            Some(token) if !seen.insert(token.to_owned()) => {
                PageState::Failed(Error::RepeatedPageToken {
                    token: token.to_owned(),
                })
            }
            Some(token) => {
                *request.page_token_mut() = Some(token.to_owned());
                PageState::Next(request, seen)
            }
        }
    }
}

/// The next page, or `None` at the end.
pub(crate) async fn next_page<R: PagedRequest>(
    client: &Client,
    state: &mut PageState<R>,
) -> Option<Result<R::Response, Error>> {
    match std::mem::replace(state, PageState::Done) {
        PageState::Done => None,
        PageState::Failed(e) => Some(Err(e)),
        PageState::Next(request, seen) => match client.send(&request).await {
            Ok(page) => {
                *state = PageState::after(request, seen, &page);
                Some(Ok(page))
            }
            Err(e) => Some(Err(e)),
        },
    }
}

pub(crate) fn pages<R>(
    client: Client,
    request: R,
) -> impl Stream<Item = Result<R::Response, Error>> + Send
where
    R: PagedRequest + Send + Sync + 'static,
    R::Response: Send,
{
    stream::unfold(
        (client, PageState::new(request)),
        |(client, mut state)| async move {
            let page = next_page(&client, &mut state).await?;
            Some((page, (client, state)))
        },
    )
}

pub(crate) fn items<R>(
    client: Client,
    request: R,
) -> impl Stream<Item = Result<R::Item, Error>> + Send
where
    R: PagedRequest + Send + Sync + 'static,
    R::Response: Send,
    R::Item: Send,
{
    pages(client, request)
        .map_ok(|page| stream::iter(R::into_items(page).into_iter().map(Ok)))
        .try_flatten()
}
