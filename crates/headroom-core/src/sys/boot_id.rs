//! Boot identity: what names one boot on each platform, and the check of the raw value the kernel gives.
//!
//! macOS: `kern.bootsessionuuid`, a string sysctl holding a UUID the kernel generates once at boot
//! (apple-oss-distributions/xnu: bsd/kern/kern_sysctl.c declares
//! `SYSCTL_STRING(_kern, OID_AUTO, bootsessionuuid, CTLFLAG_RD | CTLFLAG_LOCKED, &bootsessionuuid_string, …)`;
//! iokit/Kernel/IOPMrootDomain.cpp `initializeBootSessionUUID` fills it with `uuid_generate` +
//! `uuid_unparse_upper` when the power-management root domain starts). `kern.boottime` is not used:
//! the kernel re-derives it from the wall clock, so an NTP correction moves it within one boot
//! (firelock-ai/kin#653 measured +50,354 µs), which would split one boot's history in two.
//!
//! Linux: `/proc/sys/kernel/random/boot_id`, a UUID the kernel makes at boot.

use thiserror::Error;

/// The macOS sysctl that names this boot.
#[allow(dead_code, reason = "each backend reads its own OS's source")]
pub(crate) const MAC_SOURCE: &str = "kern.bootsessionuuid";
/// The Linux file that names this boot.
#[allow(dead_code, reason = "each backend reads its own OS's source")]
pub(crate) const LINUX_SOURCE: &str = "/proc/sys/kernel/random/boot_id";

/// Where this boot's id came from, and the id: what `headroom doctor` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BootId {
    pub source: &'static str,
    pub id: String,
}

/// Why a boot id value was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BootIdError {
    #[error(
        "is empty: the kernel has not set a boot session id (it is set when power management starts), so boots cannot be told apart"
    )]
    Empty,
    #[error("is `{0}`, not a UUID (8-4-4-4-12 hexadecimal digits)")]
    NotUuid(String),
}

/// The boot id from a string sysctl's raw bytes: the text up to the first NUL (a string sysctl
/// returns its terminating NUL, and `uuid_string_t` is 37 bytes), surrounding space trimmed,
/// which must have the shape of a UUID. The kernel's spelling (upper case) is kept, so the id
/// matches what `sysctl kern.bootsessionuuid` prints.
pub(crate) fn from_sysctl_bytes(raw: &[u8]) -> Result<String, BootIdError> {
    let text = raw.split(|byte| *byte == 0).next().unwrap_or_default();
    let text = String::from_utf8_lossy(text);
    let text = text.trim();
    if text.is_empty() {
        return Err(BootIdError::Empty);
    }
    if !is_uuid(text) {
        return Err(BootIdError::NotUuid(text.to_owned()));
    }
    Ok(text.to_owned())
}

/// True for `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX` in hexadecimal digits of either case.
pub(crate) fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|byte| byte.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form `sysctl kern.bootsessionuuid` prints on a Mac (upper case, from `uuid_unparse_upper`),
    /// as the sysctl returns it: 36 characters and the terminating NUL.
    const MAC_RAW: &[u8] = b"9F4C2A57-1E3B-4C7D-8A21-6B0E5D93F1C8\0";

    #[test]
    fn a_string_sysctl_is_trimmed_at_its_nul_and_kept_as_the_kernel_spells_it() {
        assert_eq!(from_sysctl_bytes(MAC_RAW), Ok("9F4C2A57-1E3B-4C7D-8A21-6B0E5D93F1C8".to_owned()));
        // The whole uuid_string_t buffer, with whatever follows the NUL, reads the same.
        let mut padded = MAC_RAW.to_vec();
        padded.extend_from_slice(b"\0\0garbage");
        assert_eq!(from_sysctl_bytes(&padded), from_sysctl_bytes(MAC_RAW));
        // Without a NUL (a reader that strips it) and with a newline (the Linux file) too.
        assert!(from_sysctl_bytes(b"9f4c2a57-1e3b-4c7d-8a21-6b0e5d93f1c8\n").is_ok());
    }

    #[test]
    fn an_absent_or_odd_value_is_refused_with_the_reason() {
        assert_eq!(from_sysctl_bytes(b"\0"), Err(BootIdError::Empty));
        assert_eq!(from_sysctl_bytes(b""), Err(BootIdError::Empty));
        let error = from_sysctl_bytes(b"1700000000.123456\0").unwrap_err();
        assert_eq!(error, BootIdError::NotUuid("1700000000.123456".to_owned()));
        assert!(error.to_string().contains("not a UUID"), "{error}");
        for bad in [
            "9F4C2A57-1E3B-4C7D-8A21-6B0E5D93F1C",    // one digit short
            "9F4C2A57-1E3B-4C7D-8A21-6B0E5D93F1C8-0", // a sixth group
            "9F4C2A571E3B4C7D8A216B0E5D93F1C8",       // no dashes
            "9F4C2A57-1E3B-4C7D-8A21-6B0E5D93F1CG",   // not hexadecimal
        ] {
            assert!(matches!(from_sysctl_bytes(bad.as_bytes()), Err(BootIdError::NotUuid(_))), "{bad}");
        }
    }
}
