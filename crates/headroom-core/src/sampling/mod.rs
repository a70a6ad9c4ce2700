//! The threads that drive `sys`: the sampler (a snapshot per tick, on a cadence `cadence` measures),
//! the suspects prober and top scanner (slower, off the sampling path, slowed further by `budget`
//! on a busy machine), the benchmark's synthetic replay, and the cancel token they share.

pub mod budget;
pub mod cadence;
pub mod cancel;
pub mod prober;
pub mod replay;
pub mod sampler;
pub mod sleep;
pub mod top_scan;

pub use cancel::{CancelToken, Wake};
