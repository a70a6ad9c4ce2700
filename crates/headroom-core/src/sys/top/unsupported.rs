//! Systems without a process lister: every scan says so.

use super::TopError;
use crate::top::Process;

pub(crate) struct Scanner;

impl Scanner {
    pub(crate) fn new() -> Scanner {
        Scanner
    }

    pub(crate) fn processes(&mut self) -> Result<Vec<Process>, TopError> {
        Err(TopError::Unsupported(std::env::consts::OS))
    }

    pub(crate) fn each_process(&mut self, _each: &mut dyn FnMut(Process)) -> Result<(), TopError> {
        Err(TopError::Unsupported(std::env::consts::OS))
    }
}
