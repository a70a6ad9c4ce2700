//! `headroom export`: Prometheus metrics of memory and verdicts, served on `/metrics` or written for node_exporter.
//!
//! `metrics` is pure (families from a Snapshot, verdicts and suspects); `live` keeps this boot's
//! verdicts current from the sampler; `server` and `textfile` are the two ways out.

pub mod live;
pub mod metrics;
pub mod server;
pub mod textfile;

pub use live::Live;
pub use metrics::{Format, Inputs, render};
