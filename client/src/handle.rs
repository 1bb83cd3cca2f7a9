//! A started long-running operation, typed by the method that started it: what a program
//! holds between starting a call and its result, to read its progress, store its id, wait
//! for it or cancel it. [`Client::start`] gives one; [`Client::resume`] makes one from a
//! stored id.

use std::fmt;
use std::marker::PhantomData;

use reqwest::header::HeaderMap;
use yandex_cloud_models::operation::Operation;
use yandex_cloud_runtime::OperationRequest;

use crate::{operation, CallOptions, Client, Error};

/// An operation that a call of `R`'s method started, as last read from the server.
///
/// `metadata()` gives `R`'s metadata type and `wait()` its response type, so the types are
/// named once, by the request that started it:
///
/// ```no_run
/// # use yandex_cloud_client::Client;
/// # use yandex_cloud_models::mdb::spqr::v1::BackupClusterRequest;
/// # async fn run(client: Client) -> Result<(), yandex_cloud_client::Error> {
/// let mut backup = client.start(&BackupClusterRequest::new().set_cluster_id("c9q1")).await?;
/// println!("started {}", backup.id());
/// while !backup.poll().await? {
///     if let Some(metadata) = backup.metadata()? {
///         println!("backing up {}", metadata.cluster_id());
///     }
/// }
/// let cluster = backup.wait().await?; // done: the typed response, or the failure
/// # Ok(()) }
/// ```
pub struct OperationHandle<R> {
    client: Client,
    operation: Operation,
    /// The headers of the answer that last read the operation (its poll interval).
    headers: HeaderMap,
    method: PhantomData<fn() -> R>,
}

// Defined here rather than beside the other calls, so that the handle depends on the
// client and not the other way round.
impl Client {
    /// Sends `request` and returns the operation it started, typed by `request`'s method,
    /// without waiting: read its metadata, store its id, poll, wait or cancel later.
    pub async fn start<R>(&self, request: &R) -> Result<OperationHandle<R>, Error>
    where
        R: OperationRequest<Response = Operation>,
    {
        let (started, headers) = self.inner.call(request, &CallOptions::default()).await?;
        Ok(OperationHandle::new(self.clone(), started, headers))
    }

    /// The operation with this id (one that `R`'s method started, stored from
    /// [`OperationHandle::id`]), read once, as a typed handle.
    pub async fn resume<R>(&self, id: &str) -> Result<OperationHandle<R>, Error>
    where
        R: OperationRequest<Response = Operation>,
    {
        let (operation, headers) = operation::get(&self.inner, id, operation::Call::Get).await?;
        Ok(OperationHandle::new(self.clone(), operation, headers))
    }
}

impl<R> fmt::Debug for OperationHandle<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationHandle")
            .field("method", &std::any::type_name::<R>())
            .field("operation", &self.operation)
            .finish()
    }
}

impl<R> OperationHandle<R>
where
    R: OperationRequest<Response = Operation>,
{
    pub(crate) fn new(client: Client, operation: Operation, headers: HeaderMap) -> Self {
        OperationHandle {
            client,
            operation,
            headers,
            method: PhantomData,
        }
    }

    /// The operation's id, to store and [`Client::resume`] later.
    pub fn id(&self) -> &str {
        self.operation.id.as_deref().unwrap_or_default()
    }

    /// Whether the operation was done when last read.
    pub fn is_done(&self) -> bool {
        self.operation.done == Some(true)
    }

    /// The operation as last read.
    pub fn operation(&self) -> &Operation {
        &self.operation
    }

    /// The operation, as last read, to keep or send elsewhere.
    pub fn into_operation(self) -> Operation {
        self.operation
    }

    /// The operation's metadata as last read, typed as `R`'s method documents it; `None`
    /// when the operation carries none.
    pub fn metadata(&self) -> Result<Option<R::Metadata>, Error> {
        R::metadata(&self.operation).map_err(Error::Unpack)
    }

    /// How the operation ended, if it was done when last read: its typed response, or
    /// [`Error::OperationFailed`].
    pub fn result(&self) -> Option<Result<R::Output, Error>> {
        self.is_done()
            .then(|| operation::output::<R>(&self.operation))
    }

    /// Reads the operation once (`GET /operations/{id}`), unless it is already done;
    /// returns whether it is done. A failed operation is done: [`result`](Self::result)
    /// and [`wait`](Self::wait) give its error.
    pub async fn poll(&mut self) -> Result<bool, Error> {
        if !self.is_done() {
            let id = self.checked_id()?;
            let (operation, headers) =
                operation::get(&self.client.inner, &id, operation::Call::Get).await?;
            self.operation = operation;
            self.headers = headers;
        }
        Ok(self.is_done())
    }

    /// Polls until the operation is done (as [`Client::send_and_wait`] does) and returns
    /// its typed response, or [`Error::OperationFailed`].
    pub async fn wait(self) -> Result<R::Output, Error> {
        let done = operation::wait(&self.client.inner, self.operation, &self.headers).await?;
        operation::output::<R>(&done)
    }

    /// Asks the server to cancel the operation (`GET /operations/{id}:cancel`) and keeps
    /// the operation as the answer describes it. Cancelling is a request: the operation may
    /// still finish; [`wait`](Self::wait) says how it ended.
    pub async fn cancel(&mut self) -> Result<(), Error> {
        let id = self.checked_id()?;
        let (operation, headers) =
            operation::get(&self.client.inner, &id, operation::Call::Cancel).await?;
        self.operation = operation;
        self.headers = headers;
        Ok(())
    }

    fn checked_id(&self) -> Result<String, Error> {
        match self.id() {
            "" => Err(Error::NoOperationId),
            id => Ok(id.to_owned()),
        }
    }
}
