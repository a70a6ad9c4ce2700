//! /proc/meminfo text (live or pasted) to the fields the Linux formula uses, with errors naming the line.

use thiserror::Error;

/// Why /proc/meminfo (or a pasted copy) could not be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum MeminfoError {
    /// Every needed field that is absent, in one message.
    #[error("{}", describe_missing(.0))]
    Missing(Vec<&'static str>),
    #[error("line {line}: `{field}` has the value `{value}`, which is not a size in kB")]
    BadValue { line: usize, field: String, value: String },
}

/// The /proc/meminfo fields Headroom uses, in kB as the kernel prints them.
/// Fields that older kernels lack are zero when absent; `mem_available` is `None` before Linux 3.14.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Meminfo {
    pub mem_total: u64,
    pub mem_free: u64,
    pub mem_available: Option<u64>,
    pub buffers: u64,
    pub cached: u64,
    pub anon_pages: u64,
    pub shmem: u64,
    pub s_reclaimable: u64,
    pub s_unreclaim: u64,
    pub kernel_stack: u64,
    pub page_tables: u64,
    pub sec_page_tables: u64,
    pub percpu: u64,
    pub unevictable: u64,
    pub hugetlb: u64,
    /// Anonymous and shmem pages on the evictable LRU lists (`Active(anon)` + `Inactive(anon)`):
    /// with AnonPages + Shmem they tell how much of App memory is unevictable (mlocked).
    pub active_anon: u64,
    pub inactive_anon: u64,
    /// zswap's pool in RAM and what it holds uncompressed (`Zswapped`, Linux 5.19+).
    pub zswap: u64,
    pub zswapped: u64,
    pub swap_total: u64,
    pub swap_free: u64,
}

/// "missing field `MemFree:`", or "missing 3 fields: `MemFree:`, `Cached:`, `Shmem:`".
fn describe_missing(missing: &[&str]) -> String {
    match missing {
        [one] => format!("missing field `{one}:`"),
        many => format!(
            "missing {} fields: {}",
            many.len(),
            many.iter().map(|name| format!("`{name}:`")).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Fields without which the categories cannot be computed.
const REQUIRED: &[&str] =
    &["MemTotal", "MemFree", "Buffers", "Cached", "AnonPages", "Shmem", "SReclaimable", "SwapTotal", "SwapFree"];

/// True when `text` looks like /proc/meminfo.
pub fn looks_like_meminfo(text: &str) -> bool {
    text.lines().any(|line| line.trim_start().starts_with("MemTotal:"))
}

impl Meminfo {
    /// Parses /proc/meminfo text. Lines without a colon (a shell prompt) and fields Headroom does
    /// not use are skipped; a used field with a value that is not a number is an error naming its line.
    pub fn parse(text: &str) -> Result<Meminfo, MeminfoError> {
        let mut info = Meminfo::default();
        // One bit per REQUIRED entry: this runs every sample, so no allocation and no searching.
        let mut seen: u32 = 0;
        for (index, line) in text.split('\n').enumerate() {
            let Some((field, value)) = line.split_once(':') else { continue };
            let field = field.trim_ascii();
            let Some(slot) = info.slot(field) else { continue };
            let kb = parse_kb(value).ok_or_else(|| MeminfoError::BadValue {
                line: index + 1,
                field: field.to_owned(),
                value: value.trim().to_owned(),
            })?;
            match slot {
                Slot::Available => info.mem_available = Some(kb),
                Slot::Field(field, required) => {
                    *info.field_mut(field) = kb;
                    if let Some(bit) = required {
                        seen |= 1 << bit;
                    }
                }
            }
        }
        let missing: Vec<&'static str> =
            REQUIRED.iter().enumerate().filter(|(bit, _)| seen & (1 << bit) == 0).map(|(_, name)| *name).collect();
        if !missing.is_empty() {
            return Err(MeminfoError::Missing(missing));
        }
        Ok(info)
    }

    /// What a /proc/meminfo name fills, if Headroom uses it, and its bit in REQUIRED.
    fn slot(&self, name: &str) -> Option<Slot> {
        use MeminfoField::*;
        let (field, required) = match name {
            "MemAvailable" => return Some(Slot::Available),
            "MemTotal" => (MemTotal, Some(0)),
            "MemFree" => (MemFree, Some(1)),
            "Buffers" => (Buffers, Some(2)),
            "Cached" => (Cached, Some(3)),
            "AnonPages" => (AnonPages, Some(4)),
            "Shmem" => (Shmem, Some(5)),
            "SReclaimable" => (SReclaimable, Some(6)),
            "SwapTotal" => (SwapTotal, Some(7)),
            "SwapFree" => (SwapFree, Some(8)),
            "SUnreclaim" => (SUnreclaim, None),
            "KernelStack" => (KernelStack, None),
            "PageTables" => (PageTables, None),
            "SecPageTables" => (SecPageTables, None),
            "Percpu" => (Percpu, None),
            "Unevictable" => (Unevictable, None),
            "Hugetlb" => (Hugetlb, None),
            "Zswap" => (Zswap, None),
            "Zswapped" => (Zswapped, None),
            "Active(anon)" => (ActiveAnon, None),
            "Inactive(anon)" => (InactiveAnon, None),
            _ => return None,
        };
        Some(Slot::Field(field, required))
    }

    fn field_mut(&mut self, field: MeminfoField) -> &mut u64 {
        use MeminfoField::*;
        match field {
            MemTotal => &mut self.mem_total,
            MemFree => &mut self.mem_free,
            Buffers => &mut self.buffers,
            Cached => &mut self.cached,
            AnonPages => &mut self.anon_pages,
            Shmem => &mut self.shmem,
            SReclaimable => &mut self.s_reclaimable,
            SUnreclaim => &mut self.s_unreclaim,
            KernelStack => &mut self.kernel_stack,
            PageTables => &mut self.page_tables,
            SecPageTables => &mut self.sec_page_tables,
            Percpu => &mut self.percpu,
            Unevictable => &mut self.unevictable,
            Hugetlb => &mut self.hugetlb,
            Zswap => &mut self.zswap,
            Zswapped => &mut self.zswapped,
            ActiveAnon => &mut self.active_anon,
            InactiveAnon => &mut self.inactive_anon,
            SwapTotal => &mut self.swap_total,
            SwapFree => &mut self.swap_free,
        }
    }
}

#[derive(Clone, Copy)]
enum MeminfoField {
    MemTotal,
    MemFree,
    Buffers,
    Cached,
    AnonPages,
    Shmem,
    SReclaimable,
    SUnreclaim,
    KernelStack,
    PageTables,
    SecPageTables,
    Percpu,
    Unevictable,
    Hugetlb,
    Zswap,
    Zswapped,
    ActiveAnon,
    InactiveAnon,
    SwapTotal,
    SwapFree,
}

/// What a used line fills: MemAvailable (optional, before 3.14 absent), or a field with its REQUIRED bit.
enum Slot {
    Available,
    Field(MeminfoField, Option<u8>),
}

/// "  24684084 kB" → 24684084.
fn parse_kb(value: &str) -> Option<u64> {
    let value = value.trim_ascii();
    let number = value.strip_suffix("kB").unwrap_or(value).trim_ascii_end();
    number.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::linux::TEST_MEMINFO as MINIMAL;

    #[test]
    fn missing_and_bad_fields_are_named() {
        let text = MINIMAL.replace("AnonPages: 250 kB\n", "");
        assert_eq!(Meminfo::parse(&text), Err(MeminfoError::Missing(vec!["AnonPages"])));
        assert_eq!(MeminfoError::Missing(vec!["AnonPages"]).to_string(), "missing field `AnonPages:`");
        let several =
            MINIMAL.replace("AnonPages: 250 kB\n", "").replace("Shmem: 40 kB\n", "").replace("Cached: 300 kB\n", "");
        let error = Meminfo::parse(&several).expect_err("three gone");
        assert_eq!(error.to_string(), "missing 3 fields: `Cached:`, `AnonPages:`, `Shmem:`");
        // Each required name's bit is its place in REQUIRED, so "missing" names the right one.
        for (bit, name) in REQUIRED.iter().enumerate() {
            match Meminfo::default().slot(name) {
                Some(Slot::Field(_, Some(b))) => assert_eq!(usize::from(b), bit, "{name}"),
                _ => panic!("{name} is required but has no bit"),
            }
        }
        let text = MINIMAL.replace("Shmem: 40 kB", "Shmem: forty kB");
        assert_eq!(
            Meminfo::parse(&text),
            Err(MeminfoError::BadValue { line: 9, field: "Shmem".into(), value: "forty kB".into() })
        );
        // Optional fields may be absent (old kernels).
        let text = MINIMAL.replace("Zswap: 60 kB\n", "").replace("MemAvailable: 500 kB\n", "");
        let info = Meminfo::parse(&text).expect("parses");
        assert_eq!(info.zswap, 0);
        assert_eq!(info.mem_available, None);
    }
}
