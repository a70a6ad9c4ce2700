//! macOS: the product version (sysctl), the Security framework's translocation answer, and
//! `SMAppService.mainApp` (register, unregister, status). Thin: every decision is in `choice`.

use std::ffi::{CStr, c_char, c_void};
use std::path::Path;

use objc2_foundation::{NSError, NSString, NSURL};
use objc2_service_management::SMAppService;

use super::ServiceError;
use super::choice::{MacOsVersion, Os};
use super::state::ServiceStatus;

/// macOS with its version from `kern.osproductversion`, a string sysctl ("15.3.1") that XNU serves
/// from `bsd/kern/kern_sysctl.c` (`sysctl_osproductversion`, apple-oss-distributions/xnu). A binary
/// built against an SDK older than 11 is told "10.16" there (system version compat): the choice then
/// takes the LaunchAgent, which works everywhere.
pub(crate) fn os() -> Os {
    let mut buffer = [0u8; 48]; // XNU's `char osproductversion[48]`
    let mut size = buffer.len();
    // SAFETY: the buffer has `size` bytes; sysctlbyname writes at most that and stores the length
    // written; no new value is set (null, 0).
    let rc = unsafe {
        libc::sysctlbyname(
            c"kern.osproductversion".as_ptr(),
            buffer.as_mut_ptr().cast(),
            &mut size,
            std::ptr::null_mut(),
            0,
        )
    };
    let version = (rc == 0)
        .then(|| CStr::from_bytes_until_nul(&buffer[..size.min(buffer.len())]).ok())
        .flatten()
        .and_then(|text| MacOsVersion::parse(&text.to_string_lossy()));
    if version.is_none() {
        tracing::debug!(rc, "kern.osproductversion unreadable; login items fall back to the LaunchAgent");
    }
    Os::MacOs(version)
}

/// `SecTranslocateIsTranslocatedURL(CFURLRef path, bool *isTranslocated, CFErrorRef *error)`, macOS
/// 10.12+: "true and isTranslocated = true if the path is on a nullfs mount" (Security's
/// OSX/libsecurity_translocate/lib/SecTranslocate.h, apple-oss-distributions/Security). It is not in
/// the SDK's public headers, so it is looked up at run time, as Sparkle-era apps do
/// (lapcatsoftware.com/articles/detect-app-translocation.html): a macOS without it answers None and
/// the path check alone decides.
type IsTranslocatedUrl = unsafe extern "C" fn(*const c_void, *mut bool, *mut *mut c_void) -> u8;

pub(crate) fn translocated(path: &Path) -> Option<bool> {
    const SECURITY: &CStr = c"/System/Library/Frameworks/Security.framework/Security";
    // SAFETY: dlopen and dlsym take NUL-terminated names; the framework is part of every macOS and is
    // never unloaded (the handle is deliberately kept).
    let symbol = unsafe {
        let security = libc::dlopen(SECURITY.as_ptr(), libc::RTLD_LAZY | libc::RTLD_LOCAL);
        if security.is_null() {
            return None;
        }
        libc::dlsym(security, c"SecTranslocateIsTranslocatedURL".as_ptr() as *const c_char)
    };
    if symbol.is_null() {
        return None;
    }
    // SAFETY: the symbol has the signature declared in SecTranslocate.h (above).
    let is_translocated_url: IsTranslocatedUrl = unsafe { std::mem::transmute(symbol) };
    let url = NSURL::fileURLWithPath(&NSString::from_str(&path.to_string_lossy()));
    let mut answer = false;
    // SAFETY: NSURL is toll-free bridged to CFURLRef (Apple, "Toll-Free Bridged Types"); `url` lives
    // across the call; a null error pointer is allowed ("on failure error is set if provided"), so
    // there is no CFError to release.
    let ok =
        unsafe { is_translocated_url(objc2::rc::Retained::as_ptr(&url).cast(), &mut answer, std::ptr::null_mut()) };
    (ok != 0).then_some(answer)
}

/// `SMAppService.mainApp.status` (ServiceManagement, macOS 13+; only asked when `choice` says so).
pub(crate) fn service_status() -> ServiceStatus {
    // SAFETY: `mainAppService` and `status` take no arguments; the class exists on macOS 13+, which
    // `service_available` checked before any call reaches here.
    let raw = unsafe { SMAppService::mainAppService().status() };
    ServiceStatus::from_raw(raw.0)
}

/// Registers the app as a login item: "If the service corresponds to the main application, the
/// application launches on subsequent logins" (developer.apple.com/documentation/servicemanagement/
/// smappservice/register()). It then shows in System Settings › General › Login Items.
pub(crate) fn register() -> Result<(), ServiceError> {
    // SAFETY: as in `service_status`; the error comes back as an owned NSError.
    unsafe { SMAppService::mainAppService().registerAndReturnError() }.map_err(|error| describe(&error))
}

pub(crate) fn unregister() -> Result<(), ServiceError> {
    // SAFETY: as in `register`.
    unsafe { SMAppService::mainAppService().unregisterAndReturnError() }.map_err(|error| describe(&error))
}

fn describe(error: &NSError) -> ServiceError {
    ServiceError::Refused { description: error.localizedDescription().to_string(), code: error.code() }
}
