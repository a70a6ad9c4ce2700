//! Parsers for the macOS facts behind the suspects: ioreg's IOAccelerator statistics, kmutil, systemextensionsctl, KERN_PROCARGS2.

use super::KernelExtension;

/// GPU memory in use: the sum of `"In use system memory"=N` over every accelerator in
/// `ioreg -r -d 1 -w 0 -c IOAccelerator` text. The `(driver)` variant beside it is a different figure.
/// `None` when no accelerator reported it.
pub fn gpu_in_use(ioreg: &str) -> Option<u64> {
    const KEY: &str = "\"In use system memory\"=";
    let mut total: Option<u64> = None;
    for (start, _) in ioreg.match_indices(KEY) {
        let digits: String = ioreg[start + KEY.len()..].chars().take_while(char::is_ascii_digit).collect();
        if let Ok(bytes) = digits.parse::<u64>() {
            total = Some(total.unwrap_or(0).saturating_add(bytes));
        }
    }
    total
}

/// Kernel extensions that are not Apple's, from `kmutil showloaded` (or `kextstat`) rows:
/// `Index Refs Address Size Wired Name (Version) UUID <Linked Against>`.
pub fn third_party_kexts(kmutil: &str) -> Vec<KernelExtension> {
    let mut found = Vec::new();
    for line in kmutil.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // A row starts with two integers (index, refs); the header and notices do not.
        if fields.len() < 6 || fields[0].parse::<u64>().is_err() || fields[1].parse::<u64>().is_err() {
            continue;
        }
        let name = fields[5];
        if name.starts_with("com.apple.") {
            continue;
        }
        let wired = parse_hex_or_decimal(fields[4]).unwrap_or(0);
        found.push(KernelExtension { name: name.to_owned(), size: wired, why: "third-party kext".to_owned() });
    }
    found
}

fn parse_hex_or_decimal(text: &str) -> Option<u64> {
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

/// Active system extensions from `systemextensionsctl list`: the bundle id of each row marked
/// `[activated enabled]` (driver, network and endpoint-security extensions keep memory while loaded).
pub fn active_system_extensions(list: &str) -> Vec<String> {
    list.lines()
        .filter(|line| line.contains("[activated enabled]"))
        .filter_map(|line| {
            // Columns are tab-separated: enabled, active, teamID, "bundleID (version)", name, [state].
            let columns: Vec<&str> = line.split('\t').collect();
            let bundle = columns.get(3).or_else(|| columns.iter().find(|c| c.contains(" (")))?;
            let id = bundle.split(" (").next()?.trim();
            (!id.is_empty()).then(|| id.to_owned())
        })
        .collect()
}

/// A process's argv from the `KERN_PROCARGS2` sysctl: a native-endian `int` argc, the executable's
/// path and its NUL padding, then argc NUL-terminated arguments and the environment
/// (XNU bsd/kern/kern_sysctl.c, sysctl_procargsx). Arguments that are not UTF-8 end the list.
pub fn procargs2_argv(buffer: &[u8]) -> Vec<&str> {
    let Some((count, rest)) = buffer.split_first_chunk::<4>() else { return Vec::new() };
    let argc = usize::try_from(i32::from_ne_bytes(*count)).unwrap_or(0);
    let Some(path_end) = rest.iter().position(|b| *b == 0) else { return Vec::new() };
    let args = &rest[path_end..];
    let start = args.iter().position(|b| *b != 0).unwrap_or(args.len());
    args[start..].split(|b| *b == 0).take(argc).map_while(|arg| std::str::from_utf8(arg).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_thousand_kernel_extensions_are_all_read() {
        // A synthetic kmutil listing in the real row format (the Hackintosh fixture's), 5,000
        // third-party rows: the parser keeps one small record per row and nothing of the text.
        let rows: String = (0..5000)
            .map(|i| format!("  {i}    0 0xffffff7f98f8d000 0x{:x}     0x{:x}     com.vendor.driver{i} (1.0) 76173829-8756-3746-9516-A60DABEB950C <16 7>\n", i * 4096, i * 4096))
            .collect();
        let kexts = third_party_kexts(&rows);
        assert_eq!(kexts.len(), 5000);
        assert_eq!(kexts[4999].size, 4999 * 4096);
    }

    #[test]
    fn gpu_memory_from_a_real_m4() {
        let text = include_str!("../../tests/fixtures/macos/ioreg-accelerator-m4.txt");
        assert_eq!(gpu_in_use(text), Some(351_141_888), "not the (driver) figure, which is 0 there");
        assert_eq!(gpu_in_use("+-o IOAccelerator\n"), None);
        let two = "\"In use system memory\"=100,\n\"In use system memory\"=23}";
        assert_eq!(gpu_in_use(two), Some(123));
    }

    #[test]
    fn argv_from_the_procargs2_layout() {
        // Assembled from the layout in XNU's sysctl_procargsx: argc, exec path, padding, argv, environment.
        let mut buffer = 3i32.to_ne_bytes().to_vec();
        buffer.extend_from_slice(b"/opt/homebrew/bin/python3.12\0\0\0\0");
        buffer.extend_from_slice(b"python3.12\0-m\0mlx_lm.server\0HOME=/Users/a\0");
        assert_eq!(procargs2_argv(&buffer), ["python3.12", "-m", "mlx_lm.server"]);
        assert!(procargs2_argv(&buffer[..2]).is_empty());
        assert!(procargs2_argv(&[1, 0, 0, 0]).is_empty(), "no executable path");
    }

    #[test]
    fn apple_kexts_are_not_suspects() {
        for fixture in [
            include_str!("../../tests/fixtures/macos/kmutil-showloaded-big-sur.txt"),
            include_str!("../../tests/fixtures/macos/kmutil-showloaded-hackintosh.txt"),
        ] {
            assert_eq!(third_party_kexts(fixture), vec![], "only Apple's kexts in these captures");
        }
    }

    #[test]
    fn a_third_party_kext_row_is_found_with_its_wired_size() {
        // The hackintosh capture's first row with the vendor renamed: same columns, not Apple's.
        let text = include_str!("../../tests/fixtures/macos/kmutil-showloaded-hackintosh.txt")
            .replace("com.apple.driver.AppleSMBusPCI", "com.example.driver.Filter");
        let found = third_party_kexts(&text);
        assert_eq!(
            found,
            vec![KernelExtension {
                name: "com.example.driver.Filter".into(),
                size: 0x1000,
                why: "third-party kext".into()
            }]
        );
    }

    #[test]
    fn active_system_extensions_only() {
        // Assembled from the documented format (see tests/fixtures/macos/SOURCES.md).
        let text = "2 extension(s)\n--- com.apple.system_extension.endpoint_security\n\
            enabled\tactive\tteamID\tbundleID (version)\tname\t[state]\n\
            *\t*\tLWSYS6YTUZ\tcom.example.guard (1.0/1)\tGuard\t[activated enabled]\n\
            \t\tLWSYS6YTUZ\tcom.example.old (0.9/3)\tOld\t[terminated waiting to uninstall on reboot]\n";
        assert_eq!(active_system_extensions(text), vec!["com.example.guard".to_owned()]);
        assert!(active_system_extensions("0 extension(s)\n").is_empty());
    }
}
