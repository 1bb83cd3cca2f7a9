//! The blocking client: the async client driven on a runtime it owns, so both share every
//! decision (auth, retries, polling, paging) and one connection pool and token cache.
//!
//! Why a runtime and not a second, synchronous transport: reqwest's own blocking client
//! does the same, and a second transport would duplicate the retry and auth code paths
//! that most need to agree. The runtime has one worker thread, which drives the
//! connections; each call runs on the calling thread. A current-thread runtime would make
//! calls from several threads take turns at driving it, and would leave pooled
//! connections unattended between calls. Do not call it from inside an async runtime
//! (tokio forbids blocking there); use the async [`Client`](crate::Client).

use std::collections::VecDeque;
use std::sync::Arc;

use yandex_cloud_models::operation::Operation;
use yandex_cloud_runtime::{ApiRequest, OperationRequest, PagedRequest};

use crate::paging::{next_page, PageState};
use crate::{CallOptions, ClientBuilder, Error};

/// A blocking Yandex Cloud API client. Cheap to clone; clones share one connection pool,
/// one token cache and one runtime.
#[derive(Clone, Debug)]
pub struct Client {
    client: crate::Client,
    runtime: Arc<Runtime>,
}

#[derive(Debug)]
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics if the last clone goes away inside
        // another runtime; shutting down in the background never blocks.
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Client {
    pub(crate) fn new(client: crate::Client) -> Result<Client, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("yandex-cloud-client")
            .enable_all()
            .build()
            .map_err(|e| {
                Error::Transport(crate::TransportError {
                    kind: crate::TransportKind::Io,
                    url: String::new(),
                    detail: format!("cannot start the client's runtime: {e}"),
                })
            })?;
        Ok(Client {
            client,
            runtime: Arc::new(Runtime(Some(runtime))),
        })
    }

    /// A client with the defaults: credentials from the chain, `YC_REST_ENDPOINT`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::new().build_blocking()
    }

    /// A builder for other settings ([`ClientBuilder::build_blocking`]).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    fn block_on<T>(&self, future: impl std::future::Future<Output = T>) -> T {
        match &self.runtime.0 {
            Some(runtime) => runtime.block_on(future),
            None => unreachable!("the runtime lives as long as the client"),
        }
    }

    /// Sends `request` and returns its typed response.
    pub fn send<R: ApiRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.block_on(self.client.send(request))
    }

    /// Sends `request` with these options.
    pub fn send_with<R: ApiRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<R::Response, Error> {
        self.block_on(self.client.send_with(request, options))
    }

    /// Sends `request` and waits for its operation's typed response.
    pub fn send_and_wait<R>(&self, request: &R) -> Result<R::Output, Error>
    where
        R: OperationRequest<Response = Operation>,
    {
        self.block_on(self.client.send_and_wait(request))
    }

    /// Waits for an operation that `R`'s method started.
    pub fn wait<R>(&self, operation: Operation) -> Result<R::Output, Error>
    where
        R: OperationRequest<Response = Operation>,
    {
        self.block_on(self.client.wait::<R>(operation))
    }

    /// Waits for an operation to be done and returns it.
    pub fn wait_operation(&self, operation: Operation) -> Result<Operation, Error> {
        self.block_on(self.client.wait_operation(operation))
    }

    /// Reads an operation.
    pub fn get_operation(&self, id: &str) -> Result<Operation, Error> {
        self.block_on(self.client.get_operation(id))
    }

    /// Asks for an operation to be cancelled.
    pub fn cancel_operation(&self, id: &str) -> Result<Operation, Error> {
        self.block_on(self.client.cancel_operation(id))
    }

    /// Sends `request` and returns the operation it started, typed by its method, without
    /// waiting ([`crate::Client::start`]).
    pub fn start<R>(&self, request: &R) -> Result<OperationHandle<R>, Error>
    where
        R: OperationRequest<Response = Operation>,
    {
        let handle = self.block_on(self.client.start(request))?;
        Ok(OperationHandle {
            client: self.clone(),
            handle,
        })
    }

    /// The operation with this id, read once, as a typed handle ([`crate::Client::resume`]).
    pub fn resume<R>(&self, id: &str) -> Result<OperationHandle<R>, Error>
    where
        R: OperationRequest<Response = Operation>,
    {
        let handle = self.block_on(self.client.resume(id))?;
        Ok(OperationHandle {
            client: self.clone(),
            handle,
        })
    }

    /// The pages of a listing.
    pub fn pages<R: PagedRequest>(&self, request: R) -> Pages<R> {
        Pages {
            client: self.clone(),
            state: PageState::new(request),
        }
    }

    /// The items of a listing, page after page.
    pub fn items<R: PagedRequest>(&self, request: R) -> Items<R> {
        Items {
            pages: self.pages(request),
            buffered: VecDeque::new(),
        }
    }
}

/// A started operation, typed by the method that started it ([`Client::start`]); the
/// blocking form of [`crate::OperationHandle`].
#[derive(Debug)]
pub struct OperationHandle<R> {
    client: Client,
    handle: crate::OperationHandle<R>,
}

impl<R> OperationHandle<R>
where
    R: OperationRequest<Response = Operation>,
{
    /// The operation's id, to store and [`Client::resume`] later.
    pub fn id(&self) -> &str {
        self.handle.id()
    }

    /// Whether the operation was done when last read.
    pub fn is_done(&self) -> bool {
        self.handle.is_done()
    }

    /// The operation as last read.
    pub fn operation(&self) -> &Operation {
        self.handle.operation()
    }

    /// The operation, as last read.
    pub fn into_operation(self) -> Operation {
        self.handle.into_operation()
    }

    /// The operation's typed metadata as last read.
    pub fn metadata(&self) -> Result<Option<R::Metadata>, Error> {
        self.handle.metadata()
    }

    /// How the operation ended, if it was done when last read.
    pub fn result(&self) -> Option<Result<R::Output, Error>> {
        self.handle.result()
    }

    /// Reads the operation once, unless it is done; returns whether it is done.
    pub fn poll(&mut self) -> Result<bool, Error> {
        let client = self.client.clone();
        client.block_on(self.handle.poll())
    }

    /// Polls until the operation is done and returns its typed response.
    pub fn wait(self) -> Result<R::Output, Error> {
        self.client.block_on(self.handle.wait())
    }

    /// Asks the server to cancel the operation; keeps the answer.
    pub fn cancel(&mut self) -> Result<(), Error> {
        let client = self.client.clone();
        client.block_on(self.handle.cancel())
    }
}

/// The pages of a listing ([`Client::pages`]).
pub struct Pages<R: PagedRequest> {
    client: Client,
    state: PageState<R>,
}

impl<R: PagedRequest> Iterator for Pages<R> {
    type Item = Result<R::Response, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let client = self.client.clone();
        client.block_on(next_page(&client.client, &mut self.state))
    }
}

/// The items of a listing ([`Client::items`]).
pub struct Items<R: PagedRequest> {
    pages: Pages<R>,
    buffered: VecDeque<R::Item>,
}

impl<R: PagedRequest> Iterator for Items<R> {
    type Item = Result<R::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.buffered.extend(R::into_items(page)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
