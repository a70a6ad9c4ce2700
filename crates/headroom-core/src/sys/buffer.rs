//! A list the kernel writes into the caller's buffer, read whole: the buffer grows until the answer fits.

use std::io;

/// How many times a list is asked for before giving up: each try doubles the buffer, so four
/// tries cover a list that grew sixteenfold between the estimate and the read.
#[allow(dead_code, reason = "read by the macOS backend; compiled everywhere so its tests run on Linux")]
pub(crate) const TRIES: u32 = 4;

/// Calls `fill` with a buffer of `capacity` entries; `fill` answers how many entries it wrote.
/// A full buffer may mean that more did not fit: XNU's `proc_listpids` stops at the end of the
/// buffer without saying so (bsd/kern/proc_info.c: `numprocs = wantpids` when the buffer is the
/// smaller, then `if (n >= numprocs) break;`). So a full answer is asked for again with twice the
/// room, up to `tries` times, and an answer that still fills it is an error, never a silently
/// shortened list.
#[allow(dead_code, reason = "called by the macOS backend; compiled everywhere so its tests run on Linux")]
pub(crate) fn read_whole<T: Copy + Default>(
    capacity: usize,
    tries: u32,
    mut fill: impl FnMut(&mut [T]) -> io::Result<usize>,
) -> io::Result<Vec<T>> {
    let mut capacity = capacity.max(1);
    for _ in 0..tries {
        let mut buffer = vec![T::default(); capacity];
        let written = fill(&mut buffer)?;
        if written < capacity {
            buffer.truncate(written);
            return Ok(buffer);
        }
        capacity = capacity.saturating_mul(2);
    }
    Err(io::Error::other(format!("the list still filled a buffer of {} entries after {tries} tries", capacity / 2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kernel that writes as much of its `list` as fits, as proc_listpids does.
    fn kernel(list: &[i32]) -> impl FnMut(&mut [i32]) -> io::Result<usize> + '_ {
        move |buffer: &mut [i32]| {
            let n = list.len().min(buffer.len());
            buffer[..n].copy_from_slice(&list[..n]);
            Ok(n)
        }
    }

    #[test]
    fn a_list_larger_than_the_estimate_is_read_whole() {
        let pids: Vec<i32> = (1..=10_000).collect();
        // The old reader's fixed 8,192 entries dropped the last 1,808 pids without a word.
        assert_eq!(read_whole(8192, TRIES, kernel(&pids)).expect("whole"), pids);
        assert_eq!(read_whole(10_064, TRIES, kernel(&pids)).expect("whole at once"), pids);
        assert_eq!(read_whole(0, TRIES, kernel(&[])).expect("empty"), Vec::<i32>::new());
    }

    #[test]
    fn an_exact_fit_is_asked_again_to_be_sure() {
        let pids: Vec<i32> = (1..=64).collect();
        let mut calls = 0;
        let mut counting = kernel(&pids);
        let read = read_whole(64, TRIES, |buffer: &mut [i32]| {
            calls += 1;
            counting(buffer)
        });
        assert_eq!(read.expect("whole"), pids);
        assert_eq!(calls, 2, "a full buffer cannot tell 'all' from 'more'");
    }

    #[test]
    fn a_failed_call_or_an_endless_list_is_an_error_not_an_empty_list() {
        let failing = |_: &mut [i32]| Err(io::Error::from_raw_os_error(1));
        assert_eq!(read_whole(16, TRIES, failing).unwrap_err().raw_os_error(), Some(1));
        let endless = |buffer: &mut [i32]| Ok(buffer.len());
        let error = read_whole(16, TRIES, endless).unwrap_err();
        assert!(error.to_string().contains("128 entries after 4 tries"), "{error}");
    }
}
