//! Recognises the processes that hold a virtual machine's guest memory, by exact executable name.
//!
//! Only the process that maps the guest's RAM counts: a VM app's window or management process
//! (UTM's own `UTM`, Docker's `com.docker.virtualization`) holds little memory, and counting it
//! would "explain" wired memory with the wrong process.

/// Executables that run a guest in their own address space, with where that is known from.
const EXACT: &[(&str, &str)] = &[
    // UTM's QEMU backend: UTM.app/Contents/XPCServices/QEMUHelper.xpc/Contents/MacOS/QEMULauncher.app/
    // Contents/MacOS/QEMULauncher dlopen()s the qemu-*-softmmu framework and runs qemu_init and
    // qemu_main_loop in its own process (utmapp/UTM QEMULauncher/Bootstrap.c, main.c). The GUI
    // process `UTM` holds no guest memory; UTM's Apple backend runs as
    // com.apple.Virtualization.VirtualMachine (below). Before macOS 11.3 UTM forked QEMUHelper instead
    // (QEMUHelper/QEMUHelper.m, startQemuFork); that XPC service is otherwise idle, so it is not matched.
    ("QEMULauncher", "UTM (QEMU)"),
    // Parallels Desktop runs one prl_vm_app per running VM (cirruslabs/cirrus-cli#277 kills these
    // processes to stop VMs).
    ("prl_vm_app", "Parallels"),
    // VMware Fusion's VM process, "VMware Fusion.app/Contents/Library/vmware-vmx" (the Homebrew cask
    // lists it as a binary); also VMware Workstation's on Linux (lib/vmware/bin/vmware-vmx). `ps aux`
    // captures from Fusion 11 show it owned by root.
    ("vmware-vmx", "VMware"),
    // Virtualization.framework's per-VM XPC service: it holds the guest memory of every VZ-based VM —
    // Docker Desktop's default on Apple Silicon (docker/for-mac#5397: ~9 GB in this process, and #5812:
    // "Virtual Machine Service 8.02 GB"), UTM's Apple backend, Lima/Colima vz, OrbStack, Tart, podman's vfkit.
    ("com.apple.Virtualization.VirtualMachine", "Apple Virtualization"),
    // Docker Desktop on Intel Macs before the Virtualization framework: HyperKit in-process
    // (docker/for-mac#3232, "Memory Leakage com.docker.hyperkit").
    ("com.docker.hyperkit", "Docker Desktop"),
    // Docker Desktop's "Docker VMM" (libkrun, Hypervisor.framework in-process): the VM's RSS is this process's.
    ("com.docker.krun", "Docker Desktop"),
    // VirtualBox: the VM process with a window, and without one.
    ("VirtualBoxVM", "VirtualBox"),
    ("VBoxHeadless", "VirtualBox"),
    // Linux VMMs.
    ("firecracker", "Firecracker"),
    ("crosvm", "crosvm"),
    // RHEL/CentOS/Fedora ship QEMU as /usr/libexec/qemu-kvm (libvirt's <emulator> there).
    ("qemu-kvm", "QEMU"),
];

/// Name prefixes of VM processes: QEMU's system emulators (Homebrew's QEMU, Lima/Colima's qemu driver,
/// Docker Desktop's early Apple Silicon builds — docker/for-mac#5812 — and every Linux distribution).
/// `qemu-img` and the user-mode `qemu-aarch64` are not VMs and do not match.
const PREFIXES: &[(&str, &str)] = &[("qemu-system-", "QEMU")];

/// The kind of VM a process's executable name belongs to, if any. Names are compared exactly
/// (case included): these are fixed executable names, and a loose match caught UTM's GUI.
pub fn vm_kind(name: &str) -> Option<&'static str> {
    EXACT
        .iter()
        .find(|(process, _)| name == *process)
        .or_else(|| PREFIXES.iter().find(|(prefix, _)| name.starts_with(prefix) && name.len() > prefix.len()))
        .map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_processes_that_hold_guest_memory_and_nothing_else() {
        let cases: &[(&str, Option<&str>)] = &[
            ("QEMULauncher", Some("UTM (QEMU)")),
            ("UTM", None),
            ("utm", None),
            ("QEMUHelper", None),
            ("qemu-system-x86_64", Some("QEMU")),
            ("qemu-system-aarch64", Some("QEMU")),
            ("qemu-system-", None),
            ("qemu-kvm", Some("QEMU")),
            ("qemu-img", None),
            ("qemu-aarch64", None),
            ("prl_vm_app", Some("Parallels")),
            ("prl_client_app", None),
            ("vmware-vmx", Some("VMware")),
            ("vmware-tray", None),
            ("com.apple.Virtualization.VirtualMachine", Some("Apple Virtualization")),
            ("com.docker.hyperkit", Some("Docker Desktop")),
            ("com.docker.krun", Some("Docker Desktop")),
            ("com.docker.virtualization", None),
            ("com.docker.backend", None),
            ("VirtualBoxVM", Some("VirtualBox")),
            ("VBoxHeadless", Some("VirtualBox")),
            ("VirtualBox", None),
            ("firecracker", Some("Firecracker")),
            ("crosvm", Some("crosvm")),
            ("bash", None),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(vm_kind(name), *want, "{name:?}");
        }
    }
}
