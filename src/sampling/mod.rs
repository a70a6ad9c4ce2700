//! The threads that drive `sys`: the sampler (a snapshot per tick), the suspects prober (slower,
//! off the sampling path), the benchmark's synthetic replay, and the cancel token they share.

pub mod cancel;
pub mod prober;
pub mod replay;
pub mod sampler;

pub use cancel::{CancelToken, Wake};
