//! Live memory the kernel holds for a process: a python3 process that mlocks N MiB
//! (`headroomlock`), and zram configured as swap with a memory cgroup pushing a process into it.
//! Each undoes itself when dropped, whatever the test's outcome.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

/// The name the locking process shows.
pub const LOCKER: &str = "headroomlock";

const LOCK_SCRIPT: &str = r#"
import ctypes, mmap, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(15, b"headroomlock", 0, 0, 0)
size = int(sys.argv[1]) * 1024 * 1024
buf = mmap.mmap(-1, size)
addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
if libc.mlock(ctypes.c_void_p(addr), ctypes.c_size_t(size)) != 0:
    raise OSError(ctypes.get_errno(), "mlock")
print(os.getpid(), flush=True)
sys.stdin.read()
"#;

/// A process holding `mib` MiB locked in RAM; ended when dropped.
pub struct Locker {
    child: Child,
    pub pid: u32,
}

impl Locker {
    pub fn start(mib: u64) -> Locker {
        let mut child = crate::python(LOCK_SCRIPT, &[&mib.to_string()]).expect("python3 runs the locker");
        let line = crate::first_line(&mut child).expect("the locker says its pid");
        let pid = line.trim().parse().unwrap_or_else(|_| panic!("mlock failed: {line:?}"));
        Locker { child, pid }
    }
}

impl Drop for Locker {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write(path: &Path, value: &str) -> std::io::Result<()> {
    std::fs::write(path, value)
}

/// zram0 as swap, and a memory cgroup (v1) of our own whose limit pushes a process's memory into it.
/// Dropped: the process ends, the cgroup is removed, the swap is turned off and the device reset.
pub struct ZramSwap {
    device: PathBuf,
    cgroup: PathBuf,
    filler: Option<Child>,
}

const FILL_SCRIPT: &str = r#"
import os, sys, time
# 4 KiB pages of one random KiB repeated: compressible about 4:1 but never a same-filled page
# (zram stores those without a pool), so the pool really holds them.
block = os.urandom(1024) * 4
mib = int(sys.argv[1])
sys.stdin.readline()  # "go": in its cgroup now
data = [bytearray(block * 256) for _ in range(mib)]
print("filled", flush=True)
if sys.argv[2] == "churn":
    # Touch every page again and again, a MiB at a time with a rest between: under the cgroup's
    # limit each touch fetches a page back from swap and pushes another out (thrashing, paced).
    while True:
        for chunk in data:
            for i in range(0, len(chunk), 4096):
                chunk[i] ^= 1
            time.sleep(0.01)
sys.stdin.read()
"#;

impl ZramSwap {
    /// Configures `/sys/block/zram0` (unused, disksize 0) as 1 GiB of swap, creates a memory cgroup
    /// limited to `limit_mib` and runs a process there that fills `fill_mib`, so the rest is swapped
    /// into zram. None, with the reason, when this machine cannot (no zram0, or it is in use).
    pub fn start(limit_mib: u64, fill_mib: u64) -> Result<ZramSwap, String> {
        ZramSwap::with_filler(limit_mib, fill_mib, false)
    }

    /// As [`ZramSwap::start`], and then the process keeps touching all it filled: pages go out to
    /// the swap and come back in, continuously, until dropped.
    pub fn churning(limit_mib: u64, fill_mib: u64) -> Result<ZramSwap, String> {
        ZramSwap::with_filler(limit_mib, fill_mib, true)
    }

    fn with_filler(limit_mib: u64, fill_mib: u64, churn: bool) -> Result<ZramSwap, String> {
        let device = PathBuf::from("/sys/block/zram0");
        let size = std::fs::read_to_string(device.join("disksize")).map_err(|e| format!("no zram0: {e}"))?;
        if size.trim() != "0" {
            return Err("zram0 is already configured; this test uses only an unused device".into());
        }
        let cgroup = PathBuf::from(format!("/sys/fs/cgroup/memory/headroom-test-zram-{}", std::process::id()));
        let mut swap = ZramSwap { device, cgroup, filler: None };
        write(&swap.device.join("disksize"), "1G").map_err(|e| format!("zram0 disksize: {e}"))?;
        run("mkswap", &["/dev/zram0"])?;
        run("swapon", &["-p", "100", "/dev/zram0"])?;
        std::fs::create_dir(&swap.cgroup).map_err(|e| format!("{}: {e}", swap.cgroup.display()))?;
        write(&swap.cgroup.join("memory.limit_in_bytes"), &format!("{}M", limit_mib)).map_err(|e| e.to_string())?;
        write(&swap.cgroup.join("memory.swappiness"), "100").map_err(|e| e.to_string())?;
        let filler = crate::python(FILL_SCRIPT, &[&fill_mib.to_string(), if churn { "churn" } else { "hold" }])
            .map_err(|e| format!("python3: {e}"))?;
        let pid = filler.id();
        swap.filler = Some(filler);
        // The process joins the cgroup, then allocates.
        write(&swap.cgroup.join("cgroup.procs"), &pid.to_string()).map_err(|e| format!("cgroup.procs: {e}"))?;
        let filler = swap.filler.as_mut().expect("just set");
        go(filler)?;
        let line = crate::first_line(filler).map_err(|e| e.to_string())?;
        if line.trim() != "filled" {
            return Err(format!("the filler said {line:?}"));
        }
        Ok(swap)
    }

    /// The device's mm_stat line.
    pub fn mm_stat(&self) -> String {
        std::fs::read_to_string(self.device.join("mm_stat")).unwrap_or_default()
    }
}

/// Tells a script waiting on stdin to go on.
fn go(child: &mut Child) -> Result<(), String> {
    use std::io::Write as _;
    child.stdin.as_mut().ok_or("no stdin")?.write_all(b"go\n").map_err(|e| e.to_string())
}

/// A process in a memory cgroup (v1) of our own that holds `mib` MiB of pipe buffers: kernel memory
/// charged to the cgroup, in no process's figures. The cgroup is removed when dropped.
pub struct PipeHolder {
    pub cgroup: PathBuf,
    child: Option<Child>,
}

const PIPES_SCRIPT: &str = r#"
import fcntl, os, sys
F_SETPIPE_SZ = 1031
mib = int(sys.argv[1])
sys.stdin.readline()  # "go": in its cgroup now
chunk = b"x" * (1 << 20)
pipes = []
for _ in range(mib):
    r, w = os.pipe()
    fcntl.fcntl(w, F_SETPIPE_SZ, 1 << 20)
    os.write(w, chunk)
    pipes.append((r, w))
print("held", flush=True)
sys.stdin.read()
"#;

impl PipeHolder {
    pub fn start(mib: u64) -> Result<PipeHolder, String> {
        let cgroup = PathBuf::from(format!("/sys/fs/cgroup/memory/headroom-test-pipes-{}", std::process::id()));
        std::fs::create_dir(&cgroup).map_err(|e| format!("{}: {e}", cgroup.display()))?;
        let mut holder = PipeHolder { cgroup, child: None };
        let child = crate::python(PIPES_SCRIPT, &[&mib.to_string()]).map_err(|e| format!("python3: {e}"))?;
        let pid = child.id();
        let child = holder.child.insert(child);
        write(&holder.cgroup.join("cgroup.procs"), &pid.to_string()).map_err(|e| format!("cgroup.procs: {e}"))?;
        go(child)?;
        let line = crate::first_line(child).map_err(|e| e.to_string())?;
        if line.trim() != "held" {
            return Err(format!("the pipe holder said {line:?}"));
        }
        Ok(holder)
    }

    /// The cgroup's name as Headroom shows it: its path under the memory hierarchy.
    pub fn name(&self) -> String {
        self.cgroup.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

impl Drop for PipeHolder {
    fn drop(&mut self) {
        end(self.child.take());
        remove_cgroup(&self.cgroup);
    }
}

/// Ends a helper process: its stdin closed (its read ends), then killed in case it is stuck.
fn end(child: Option<Child>) {
    if let Some(mut child) = child {
        drop(child.stdin.take());
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Waits (at most a minute) until the system's memory pressure has calm again: a process squeezed
/// into a small memory cgroup stalls on reclaim, and PSI counts those stalls machine-wide
/// (/proc/pressure/memory), so the tests run after it (under the same lock) would read "critical".
fn wait_for_calm_pressure() {
    // The highest of `some` and `full` avg10: a purge is refused on either.
    let avg10 = || -> Option<f64> {
        let text = std::fs::read_to_string("/proc/pressure/memory").ok()?;
        text.lines()
            .filter_map(|l| l.split_whitespace().find_map(|f| f.strip_prefix("avg10="))?.parse::<f64>().ok())
            .reduce(f64::max)
    };
    // Up to two minutes: after the thrashing test's churn avg10 decays from near 100 %.
    for _ in 0..240 {
        if avg10().is_none_or(|avg| avg < 2.0) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// Removes a cgroup of ours; it empties when its process is reaped, which may take a moment.
fn remove_cgroup(cgroup: &Path) {
    for _ in 0..50 {
        if !cgroup.exists() || std::fs::remove_dir(cgroup).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program).args(args).output().map_err(|e| format!("{program}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{program} {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr)))
    }
}

impl Drop for ZramSwap {
    fn drop(&mut self) {
        end(self.filler.take());
        remove_cgroup(&self.cgroup);
        let _ = run("swapoff", &["/dev/zram0"]);
        let _ = write(&self.device.join("reset"), "1");
        wait_for_calm_pressure();
    }
}
