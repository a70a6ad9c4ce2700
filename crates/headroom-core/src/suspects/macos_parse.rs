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

/// Every loaded kext's load tag and bundle id from `kmutil showloaded` (its Index column is the
/// load tag: xnu libkern/c++/OSKext.cpp sets `kmod_info->id = loadTag`), to name the kernel's
/// wired table's kext rows, whose `site` is that tag (`OSKextGetKmodIDForSite`).
pub fn kext_load_tags(kmutil: &str) -> Vec<(u64, String)> {
    kmutil
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let index = fields.first()?.parse::<u64>().ok();
            // A row starts with two integers (index, refs); the header and notices do not.
            (fields.len() >= 6 && fields[1].parse::<u64>().is_ok()).then_some((index?, fields[5].to_owned()))
        })
        .collect()
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

/// Why a `KERN_PROCARGS2` answer gave no argv.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcArgsError {
    /// The kernel filled the whole buffer. When the argument area is larger than the buffer, XNU
    /// copies out its *last* `buflen` bytes (`data = copy_end - buflen` in `sysctl_procargsx`), so
    /// what follows argc is the environment's tail, not the executable path and argv.
    #[error("the argument area filled the {0}-byte buffer: the kernel kept its end, so argv is cut off")]
    CutOff(usize),
    #[error("shorter than the argc word")]
    NoCount,
    #[error("no NUL after the executable path")]
    NoPath,
}

/// A process's argv from the `KERN_PROCARGS2` sysctl, read into a buffer of `offered` bytes
/// (`answer` is the part the kernel wrote). The layout (apple-oss-distributions/xnu,
/// bsd/kern/kern_sysctl.c `sysctl_procargsx`; adv_cmds ps/print.c `getproclline`): a native-endian
/// `int` argc, the executable's path and its NUL padding, then argc NUL-terminated arguments, the
/// environment and the kernel's `key=value` strings. Arguments that are not UTF-8 end the list.
///
/// An answer as long as the buffer is [`ProcArgsError::CutOff`]: the kernel copies `min(buflen,
/// argslen)` bytes from the *end* of the area, so a full buffer cannot tell an exact fit from an
/// area cut at its front, and reading on would take environment strings for arguments.
pub fn procargs2_argv(answer: &[u8], offered: usize) -> Result<Vec<&str>, ProcArgsError> {
    if answer.len() >= offered {
        return Err(ProcArgsError::CutOff(offered));
    }
    let (count, rest) = answer.split_first_chunk::<4>().ok_or(ProcArgsError::NoCount)?;
    let argc = usize::try_from(i32::from_ne_bytes(*count)).unwrap_or(0);
    let path_end = rest.iter().position(|b| *b == 0).ok_or(ProcArgsError::NoPath)?;
    let args = &rest[path_end..];
    let start = args.iter().position(|b| *b != 0).unwrap_or(args.len());
    Ok(args[start..].split(|b| *b == 0).take(argc).map_while(|arg| std::str::from_utf8(arg).ok()).collect())
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

    /// The string area as XNU's exec lays it out (bsd/kern/kern_exec.c `exec_save_path`,
    /// `exec_copyout_strings`: path, NUL padding to a pointer boundary, argv, environment, the
    /// kernel's apple strings) and as `sysctl_procargsx` returns it: argc first, then the area with
    /// its "executable_path=" prefix stripped. The executable is Homebrew's framework Python (the
    /// one `needs_arguments` exists for) running mlx-lm's server, with a large environment.
    fn procargs_area(environment_bytes: usize) -> (i32, Vec<u8>) {
        let mut area = b"/opt/homebrew/Cellar/python@3.12/3.12.7_1/Frameworks/Python.framework/Versions/3.12/Resources/Python.app/Contents/MacOS/Python\0".to_vec();
        while !(area.len() + "executable_path=".len()).is_multiple_of(8) {
            area.push(0);
        }
        let argv = [
            "/opt/homebrew/opt/python@3.12/bin/python3.12",
            "-m",
            "mlx_lm.server",
            "--model",
            "mlx-community/Llama-3.2-3B-Instruct-4bit",
        ];
        for arg in argv {
            area.extend_from_slice(arg.as_bytes());
            area.push(0);
        }
        for line in ["HOME=/Users/ada", "SHELL=/bin/zsh", "PATH=/opt/homebrew/bin:/usr/bin:/bin"] {
            area.extend_from_slice(line.as_bytes());
            area.push(0);
        }
        // A big variable, as a conda or nix shell exports: its value is 'x's up to the size asked for.
        area.extend_from_slice(b"BIG=");
        area.resize(area.len() + environment_bytes, b'x');
        area.push(0);
        for apple in [
            "ptr_munge=",
            "main_stack=",
            "executable_file=0x1a01000009,0x2b3c4d",
            "dyld_file=0x1a01000009,0x1f2e3d",
            "th_port=0x103",
        ] {
            area.extend_from_slice(apple.as_bytes());
            area.push(0);
        }
        (argv.len() as i32, area)
    }

    /// What the kernel writes into a buffer of `offered` bytes: argc, then the last `offered - 4`
    /// bytes of the area when it does not fit (`data = copy_end - buflen`).
    fn kernel_answer(argc: i32, area: &[u8], offered: usize) -> Vec<u8> {
        let room = offered - 4;
        let mut answer = argc.to_ne_bytes().to_vec();
        answer.extend_from_slice(&area[area.len().saturating_sub(room)..]);
        answer
    }

    #[test]
    fn argv_from_the_procargs2_layout() {
        let (argc, area) = procargs_area(100);
        let answer = kernel_answer(argc, &area, 1 << 20);
        assert_eq!(
            procargs2_argv(&answer, 1 << 20).expect("fits"),
            [
                "/opt/homebrew/opt/python@3.12/bin/python3.12",
                "-m",
                "mlx_lm.server",
                "--model",
                "mlx-community/Llama-3.2-3B-Instruct-4bit"
            ]
        );
        assert_eq!(procargs2_argv(&answer[..2], 1 << 20), Err(ProcArgsError::NoCount));
        assert_eq!(procargs2_argv(&[1, 0, 0, 0, b'/', b'x'], 64), Err(ProcArgsError::NoPath));
        assert_eq!(procargs2_argv(&[1, 0, 0, 0], 64), Err(ProcArgsError::NoPath), "argc alone");
        assert_eq!(procargs2_argv(&[0, 0, 0, 0, b'/', b'x', 0], 64).expect("argc 0"), Vec::<&str>::new());
    }

    #[test]
    fn a_large_environment_fits_the_argmax_buffer_and_is_cut_off_from_the_front_in_64_kib() {
        // 200 KiB of environment: under kern.argmax (1 MiB, bsd/sys/syslimits.h ARG_MAX), over the old 64 KiB.
        let (argc, area) = procargs_area(200 << 10);
        let whole = kernel_answer(argc, &area, 1 << 20);
        assert_eq!(procargs2_argv(&whole, 1 << 20).expect("fits")[2], "mlx_lm.server");

        let cut = kernel_answer(argc, &area, 64 << 10);
        assert_eq!(cut.len(), 64 << 10);
        assert!(cut[4..].starts_with(b"xxxx"), "the front of the answer is the environment's tail");
        assert_eq!(procargs2_argv(&cut, 64 << 10), Err(ProcArgsError::CutOff(64 << 10)));
        // The old parser read that tail as argv: the tail of BIG=…, then the apple strings.
        assert!(!cut.windows(13).any(|w| w == b"mlx_lm.server"), "argv is gone from a cut-off answer");
    }

    #[test]
    fn an_exact_fit_is_taken_as_cut_off() {
        let (argc, area) = procargs_area(10);
        let offered = area.len() + 4;
        let answer = kernel_answer(argc, &area, offered);
        assert_eq!(answer.len(), offered);
        assert_eq!(procargs2_argv(&answer, offered), Err(ProcArgsError::CutOff(offered)));
        assert_eq!(procargs2_argv(&answer, offered + 1).expect("one byte spare").len(), 5);
    }

    #[test]
    fn every_kext_row_gives_its_load_tag_and_bundle_id() {
        let tags = kext_load_tags(include_str!("../../tests/fixtures/macos/kmutil-showloaded-big-sur.txt"));
        assert_eq!(tags.first(), Some(&(1, "com.apple.kpi.bsd".to_owned())));
        assert!(tags.windows(2).all(|pair| pair[0].0 < pair[1].0), "one row per load tag, in order");
        assert!(kext_load_tags("Index Refs Address Size Wired Name\nNo variant specified\n").is_empty());
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
