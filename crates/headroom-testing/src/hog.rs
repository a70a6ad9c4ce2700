//! A memory hog for the top-memory tests: a python3 process that touches 700 MiB, with two children.
//!
//! It names itself `headroomhog` (prctl PR_SET_NAME, so /proc/PID/status says so) before forking,
//! so its children carry the same name and form one group; they fork before the allocation so they
//! share none of it, and they end when their parent does.
#![allow(dead_code)]

use std::process::Child;

/// The name the hog and its children show.
pub const NAME: &str = "headroomhog";
pub const MIB: u64 = 1 << 20;

const SCRIPT: &str = r#"
import ctypes, os, sys, time
ctypes.CDLL(None).prctl(15, b"headroomhog", 0, 0, 0)
parent = os.getpid()
children = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)
    children.append(pid)
hog = bytearray(700 * 1024 * 1024)
for i in range(0, len(hog), 4096):
    hog[i] = 1
print(parent, *children, flush=True)
sys.stdin.read()
"#;

/// The running hog: its pid and its children's; killed when dropped.
pub struct Hog {
    child: Child,
    pub pid: u32,
    pub children: Vec<u32>,
}

impl Hog {
    /// Starts the hog and returns once its 700 MiB are touched.
    pub fn start() -> Hog {
        let mut child = crate::python(SCRIPT, &[]).expect("python3 runs the hog");
        let line = crate::first_line(&mut child).expect("the hog says its pids");
        let pids: Vec<u32> = line.split_whitespace().map(|p| p.parse().expect("a pid")).collect();
        assert_eq!(pids.len(), 3, "{line}");
        Hog { child, pid: pids[0], children: pids[1..].to_vec() }
    }
}

impl Hog {
    /// Whether the hog has ended, reaping it if so (as an app's parent does, so it is not left a zombie).
    pub fn exited(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_some()
    }
}

impl Drop for Hog {
    fn drop(&mut self) {
        // Closing stdin ends its read; kill in case it is stuck. The children follow their parent.
        end(&mut self.child);
    }
}

/// A process that grows: `python3` named `headroomgrow`, touching `mib_per_s` MiB each second for
/// `seconds`, then holding it all until dropped.
pub struct Grower {
    child: Child,
    pub pid: u32,
}

/// The name the grower shows.
pub const GROWER: &str = "headroomgrow";

const GROW_SCRIPT: &str = r#"
import ctypes, os, sys, time
ctypes.CDLL(None).prctl(15, b"headroomgrow", 0, 0, 0)
rate, seconds = int(sys.argv[1]), int(sys.argv[2])
print(os.getpid(), flush=True)
held = []
start = time.monotonic()
for second in range(seconds):
    chunk = bytearray(rate * 1024 * 1024)
    for i in range(0, len(chunk), 4096):
        chunk[i] = 1
    held.append(chunk)
    time.sleep(max(0.0, start + second + 1 - time.monotonic()))
sys.stdin.read()
"#;

impl Grower {
    pub fn start(mib_per_s: u64, seconds: u64) -> Grower {
        let mut child = crate::python(GROW_SCRIPT, &[&mib_per_s.to_string(), &seconds.to_string()])
            .expect("python3 runs the grower");
        let line = crate::first_line(&mut child).expect("the grower says its pid");
        let pid = line.trim().parse().expect("a pid");
        Grower { child, pid }
    }
}

impl Drop for Grower {
    fn drop(&mut self) {
        end(&mut self.child);
    }
}

/// A process shaped not to be a leak, named `name`: a `Shape::Sawtooth` grows 800 MiB over 30 s
/// and drops it, again and again (a garbage-collected heap); a `Shape::Step` takes 800 MiB at once
/// after `delay_s` seconds and holds it (an app opening a large document).
pub struct Shaped {
    child: Child,
}

#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Sawtooth,
    Step { delay_s: u64 },
}

/// The sawtooth's and the step's names.
pub const SAWTOOTH: &str = "headroomsaw";
pub const STEP: &str = "headroomstep";

const SHAPED_SCRIPT: &str = r#"
import ctypes, sys, time
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
shape, delay = sys.argv[2], int(sys.argv[3])
def touch(mib):
    chunk = bytearray(mib * 1024 * 1024)
    for i in range(0, len(chunk), 4096):
        chunk[i] = 1
    return chunk
print("started", flush=True)
if shape == "step":
    time.sleep(delay)
    held = touch(800)
    sys.stdin.read()
else:
    while True:
        held = []
        for _ in range(30):
            held.append(touch(27))
            time.sleep(1)
        held = None
"#;

impl Shaped {
    pub fn start(shape: Shape) -> Shaped {
        let (name, kind, delay) = match shape {
            Shape::Sawtooth => (SAWTOOTH, "saw", 0),
            Shape::Step { delay_s } => (STEP, "step", delay_s),
        };
        let mut child = crate::python(SHAPED_SCRIPT, &[name, kind, &delay.to_string()]).expect("python3 runs it");
        let line = crate::first_line(&mut child).expect("it starts");
        assert_eq!(line.trim(), "started");
        Shaped { child }
    }
}

impl Drop for Shaped {
    fn drop(&mut self) {
        end(&mut self.child);
    }
}

/// Ends a test process: stdin closed (its read ends), killed in case it is stuck, and reaped.
fn end(child: &mut Child) {
    drop(child.stdin.take());
    let _ = child.kill();
    let _ = child.wait();
}
