//! "Will it fit?": a size (a model, a VM, a build) against what the machine can give without
//! compressing or swapping — the headroom figure — and, asked for, the GPU's budget; when it does
//! not fit, which apps to quit, largest first, to make room.

use serde::Serialize;

/// What the machine can give now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Room {
    /// Installed RAM.
    pub ram: u64,
    /// What apps can still take before compression or swap (the headroom figure).
    pub headroom: u64,
    /// The file cache, part of the headroom: the system drops it as apps need the room.
    pub cached_files: u64,
    /// The GPU's budget when asked for (`--gpu`): its ceiling and what is in use.
    pub gpu: Option<GpuRoom>,
}

/// A GPU's memory ceiling (Apple Silicon: the wired limit Metal works under; amdgpu: GTT) and use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GpuRoom {
    pub ceiling: u64,
    pub in_use: u64,
}

/// Which limit decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// The headroom figure: what apps can take without compression or swap.
    Headroom,
    /// The GPU's ceiling less what is in use.
    Gpu,
}

/// An app that could be quit, and what quitting it gives back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quit {
    pub name: String,
    pub bytes: u64,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    pub need: u64,
    pub fits: bool,
    /// The limit that decides: the smaller of those that apply.
    pub limit: Limit,
    /// What that limit leaves now.
    pub available: u64,
    /// How much is missing (0 when it fits).
    pub shortfall: u64,
    /// Apps to quit, largest first, until what they give back covers the shortfall (the headroom
    /// limit only: quitting apps does not raise a GPU ceiling).
    pub quit: Vec<Quit>,
    /// Whether quitting those covers the shortfall (false: it does not fit even then).
    pub quitting_is_enough: bool,
}

/// `need` bytes against `room`; `apps` are the running apps with what each uses (the kernel's row
/// and the desktop session's processes left out by the caller), in any order.
pub fn fit(need: u64, room: &Room, apps: &[Quit]) -> Fit {
    let gpu_left = room.gpu.map(|gpu| gpu.ceiling.saturating_sub(gpu.in_use));
    let (limit, available) = match gpu_left {
        Some(left) if left < room.headroom => (Limit::Gpu, left),
        _ => (Limit::Headroom, room.headroom),
    };
    let shortfall = need.saturating_sub(available);
    let mut quit = Vec::new();
    let mut freed = 0u64;
    if shortfall > 0 && limit == Limit::Headroom {
        let mut largest: Vec<&Quit> = apps.iter().filter(|app| app.bytes > 0).collect();
        largest.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
        for app in largest {
            if freed >= shortfall {
                break;
            }
            freed = freed.saturating_add(app.bytes);
            quit.push(app.clone());
        }
    }
    Fit {
        need,
        fits: shortfall == 0,
        limit,
        available,
        shortfall,
        quitting_is_enough: shortfall == 0 || freed >= shortfall,
        quit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    fn room(headroom: u64, gpu: Option<GpuRoom>) -> Room {
        Room { ram: 32 * GIB, headroom, cached_files: 4 * GIB, gpu }
    }

    fn app(name: &str, gib: u64) -> Quit {
        Quit { name: name.into(), bytes: gib * GIB }
    }

    #[test]
    fn what_fits_in_the_headroom_fits_and_what_does_not_names_the_largest_apps_to_quit() {
        let apps = [app("Slack", 1), app("Xcode", 6), app("Firefox", 3)];
        let fits = fit(10 * GIB, &room(12 * GIB, None), &apps);
        assert!(fits.fits && fits.quit.is_empty() && fits.shortfall == 0);
        let short = fit(20 * GIB, &room(12 * GIB, None), &apps);
        assert_eq!((short.fits, short.limit, short.shortfall), (false, Limit::Headroom, 8 * GIB));
        assert_eq!(short.quit, vec![app("Xcode", 6), app("Firefox", 3)], "largest first, until 8 GB is covered");
        assert!(short.quitting_is_enough);
        let never = fit(40 * GIB, &room(12 * GIB, None), &apps);
        assert!(!never.quitting_is_enough && never.quit.len() == 3, "every app is not enough");
    }

    #[test]
    fn the_gpu_budget_decides_when_it_is_the_smaller_and_quitting_apps_does_not_raise_it() {
        let gpu = Some(GpuRoom { ceiling: 21 * GIB, in_use: 5 * GIB });
        let verdict = fit(18 * GIB, &room(24 * GIB, gpu), &[app("Xcode", 6)]);
        assert_eq!(
            (verdict.fits, verdict.limit, verdict.available, verdict.shortfall),
            (false, Limit::Gpu, 16 * GIB, 2 * GIB)
        );
        assert!(verdict.quit.is_empty() && !verdict.quitting_is_enough);
        let roomy = fit(8 * GIB, &room(6 * GIB, gpu), &[app("Xcode", 6)]);
        assert_eq!((roomy.limit, roomy.quit.len()), (Limit::Headroom, 1), "the headroom is the smaller limit here");
    }
}
