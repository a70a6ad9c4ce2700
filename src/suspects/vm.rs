//! Recognises virtual-machine processes by name, on macOS and Linux.

/// The kind of VM a process name belongs to, if any.
pub fn vm_kind(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("qemu-system-") {
        return Some("QEMU");
    }
    let kinds: &[(&str, &str)] = &[
        ("prl_vm_app", "Parallels"),
        ("vmware-vmx", "VMware"),
        ("com.apple.virtualization.virtualmachine", "Apple Virtualization"),
        ("virtualboxvm", "VirtualBox"),
        ("vboxheadless", "VirtualBox"),
        ("firecracker", "Firecracker"),
        ("crosvm", "crosvm"),
        ("com.docker.virtualization", "Docker Desktop"),
        ("com.docker.hyperkit", "Docker Desktop"),
        ("com.docker.krun", "Docker Desktop"),
        ("utm", "UTM"),
    ];
    kinds.iter().find(|(process, _)| lower == *process).map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_common_vms() {
        let cases: &[(&str, Option<&str>)] = &[
            ("qemu-system-x86_64", Some("QEMU")),
            ("qemu-system-aarch64", Some("QEMU")),
            ("prl_vm_app", Some("Parallels")),
            ("vmware-vmx", Some("VMware")),
            ("com.apple.Virtualization.VirtualMachine", Some("Apple Virtualization")),
            ("VirtualBoxVM", Some("VirtualBox")),
            ("firecracker", Some("Firecracker")),
            ("crosvm", Some("crosvm")),
            ("com.docker.virtualization", Some("Docker Desktop")),
            ("qemu-img", None),
            ("bash", None),
            ("vmware-tray", None),
        ];
        for (name, want) in cases {
            assert_eq!(vm_kind(name), *want, "{name}");
        }
    }
}
