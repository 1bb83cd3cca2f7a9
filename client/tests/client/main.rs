//! The client against a loopback fake of the API (`tests/support/fake.rs`). No test sends
//! traffic outside 127.0.0.1: every client points its endpoint at a fake, and the metadata
//! address, where a test needs one, at a fake or a closed loopback port.

#[path = "../support/fake.rs"]
mod fake;

mod auth;
mod blocking;
mod calls;
mod chains;
mod common;
mod handles;
mod limits;
mod operations;
mod paging;
mod retries;
