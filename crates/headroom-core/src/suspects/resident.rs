//! A process's resident memory, or why it could not be read — never a silent 0.

use serde::{Serialize, Serializer};

/// How much memory a VM process holds. The kernel refuses another user's process figures to a
/// normal user (XNU `proc_security_policy` → EPERM), and VMware's `vmware-vmx` runs as root, so an
/// unknown size is an ordinary case, shown as such rather than as 0 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resident {
    Bytes(u64),
    /// Why the size is unknown, in words that follow "size unknown": "owned by root".
    Unknown(String),
}

impl Resident {
    pub(crate) fn bytes(&self) -> Option<u64> {
        match self {
            Resident::Bytes(bytes) => Some(*bytes),
            Resident::Unknown(_) => None,
        }
    }

    /// The size through `format` ("4.0 GB"), or "size unknown (owned by root)".
    pub fn show(&self, format: impl Fn(u64) -> String) -> String {
        match self {
            Resident::Bytes(bytes) => format(*bytes),
            Resident::Unknown(why) => format!("size unknown ({why})"),
        }
    }

    /// Unknown because the kernel refused: says whose process it is, when that is known.
    pub fn refused(owner_uid: Option<u32>) -> Resident {
        Resident::Unknown(match owner_uid {
            Some(0) => "owned by root".to_owned(),
            Some(uid) => format!("owned by another user, uid {uid}"),
            None => "access denied".to_owned(),
        })
    }
}

/// In JSON the size stays `"resident": <bytes>` as before; an unknown one is `"resident": null`
/// with `"resident_unknown": "<why>"` beside it (flattened into the process object).
impl Serialize for Resident {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            resident: Option<u64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            resident_unknown: Option<&'a str>,
        }
        let json = match self {
            Resident::Bytes(bytes) => Json { resident: Some(*bytes), resident_unknown: None },
            Resident::Unknown(why) => Json { resident: None, resident_unknown: Some(why) },
        };
        json.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_size_says_whose_process_it_is() {
        assert_eq!(Resident::refused(Some(0)), Resident::Unknown("owned by root".into()));
        assert_eq!(Resident::refused(Some(501)), Resident::Unknown("owned by another user, uid 501".into()));
        assert_eq!(Resident::refused(None), Resident::Unknown("access denied".into()));
        let show = |r: &Resident| r.show(|b| format!("{b} B"));
        assert_eq!(show(&Resident::refused(Some(0))), "size unknown (owned by root)");
        assert_eq!(show(&Resident::Bytes(7)), "7 B");
        assert_eq!(Resident::refused(Some(0)).bytes(), None);
    }
}
