//! Decisions no monitor makes: whether something will fit in memory now, and whether this machine
//! needs more RAM — pure functions of figures the commands gather.

pub mod fit;
pub mod more_ram;
