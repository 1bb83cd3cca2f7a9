//! What the client tells `tracing`, in a test binary of its own. `tracing` caches, per call
//! site and process-wide, whether any subscriber listens; a test on another thread reaching
//! a call site while this test installs its thread's subscriber can leave that site cached
//! as unheard, and the event is lost. Alone in its process, the test sees every event.
#![cfg(feature = "tracing")]

#[path = "../support/fake.rs"]
mod fake;

// The helpers the client's tests share; this test uses a few of them.
#[allow(dead_code)]
#[path = "../client/common.rs"]
mod common;

mod traces;
