//! Where no timer tolerance can be given: the cancel token's own sleep, on time.

use std::time::{Duration, Instant};

use crate::sampling::cancel::CancelToken;

pub(crate) struct Sleeper {
    token: CancelToken,
}

impl Sleeper {
    pub(crate) fn new(token: CancelToken, _tolerance: Duration) -> Sleeper {
        Sleeper { token }
    }

    pub(crate) fn until(&mut self, deadline: Instant) -> bool {
        self.token.sleep_until(deadline)
    }
}
