//! macOS: the notification center's delegate (banners while Headroom is frontmost, "Snooze for a day") and the snooze category.

use std::sync::{Once, OnceLock};

use block2::DynBlock;
use objc2::rc::{Retained, autoreleasepool};
use objc2::runtime::ProtocolObject;
use objc2::{AnyThread, DefinedClass, define_class, msg_send};
use objc2_foundation::{NSArray, NSObject, NSObjectProtocol, NSSet, NSString};
use objc2_user_notifications::{
    UNNotification, UNNotificationAction, UNNotificationActionOptions, UNNotificationCategory,
    UNNotificationCategoryOptions, UNNotificationPresentationOptions, UNNotificationResponse, UNUserNotificationCenter,
    UNUserNotificationCenterDelegate,
};

use super::OnSnooze;
use super::response::{SNOOZE_ACTION, SNOOZE_CATEGORY, SNOOZE_LABEL, snoozed_kind};

/// What the delegate holds: where a snooze picked on a notification goes.
struct Ivars {
    on_snooze: OnSnooze,
}

define_class!(
    // SAFETY: NSObject has no subclassing requirements and the class does not implement Drop.
    // It stays usable from any thread (no `MainThreadOnly`): the notification center calls its
    // delegate on a queue of its own, and the only state, `OnSnooze`, is Send + Sync.
    #[unsafe(super(NSObject))]
    #[name = "HeadroomNotificationDelegate"]
    #[ivars = Ivars]
    struct NotificationDelegate;

    unsafe impl NSObjectProtocol for NotificationDelegate {}

    // Apple: https://developer.apple.com/documentation/usernotifications/unusernotificationcenterdelegate
    // The shape follows objc2-user-notifications 0.3's `UNUserNotificationCenterDelegate` and tao's
    // `define_class!` delegates (tao src/platform_impl/macos/window_delegate.rs).
    unsafe impl UNUserNotificationCenterDelegate for NotificationDelegate {
        /// Without this, a notification that arrives while Headroom is the active app (its menu
        /// open, say) is not shown at all, though adding it succeeded
        /// (https://developer.apple.com/documentation/usernotifications/unusernotificationcenterdelegate/usernotificationcenter(_:willpresent:withcompletionhandler:)).
        #[unsafe(method(userNotificationCenter:willPresentNotification:withCompletionHandler:))]
        fn will_present(
            &self,
            _center: &UNUserNotificationCenter,
            _notification: &UNNotification,
            completion: &DynBlock<dyn Fn(UNNotificationPresentationOptions)>,
        ) {
            // Banner and List need macOS 11; Headroom's floor is macOS 11 (Info.plist LSMinimumSystemVersion).
            completion.call((UNNotificationPresentationOptions::Banner
                | UNNotificationPresentationOptions::List
                | UNNotificationPresentationOptions::Sound,));
        }

        /// The user acted on a notification: "Snooze for a day" snoozes its kind; a click on the
        /// banner or "Close" does nothing more. The completion handler must always be called.
        #[unsafe(method(userNotificationCenter:didReceiveNotificationResponse:withCompletionHandler:))]
        fn did_receive(
            &self,
            _center: &UNUserNotificationCenter,
            response: &UNNotificationResponse,
            completion: &DynBlock<dyn Fn()>,
        ) {
            let action = response.actionIdentifier().to_string();
            let identifier = response.notification().request().identifier().to_string();
            if let Some(kind) = snoozed_kind(&action, &identifier) {
                (self.ivars().on_snooze)(kind);
            }
            completion.call(());
        }
    }
);

impl NotificationDelegate {
    fn new(on_snooze: OnSnooze) -> Retained<Self> {
        let this = Self::alloc().set_ivars(Ivars { on_snooze });
        // SAFETY: NSObject's designated initialiser, called once on a freshly allocated object.
        unsafe { msg_send![super(this), init] }
    }
}

/// The notification center holds its delegate weakly
/// (https://developer.apple.com/documentation/usernotifications/unusernotificationcenter/delegate),
/// so the delegate lives here for the rest of the process.
static DELEGATE: OnceLock<Retained<NotificationDelegate>> = OnceLock::new();

/// Installs the delegate and the snooze category, once, when running from the app bundle.
/// Apple asks for the delegate to be set before the app finishes launching, so that a response
/// that launched the app is not missed: call this before the event loop runs.
pub(crate) fn prepare(on_snooze: OnSnooze) {
    static ONCE: Once = Once::new();
    // Outside a bundle UNUserNotificationCenter raises an exception; osascript is used there.
    if !super::macos::runs_as_app() {
        return;
    }
    ONCE.call_once(|| {
        autoreleasepool(|_| {
            let center = UNUserNotificationCenter::currentNotificationCenter();
            let delegate = DELEGATE.get_or_init(|| NotificationDelegate::new(on_snooze));
            center.setDelegate(Some(ProtocolObject::from_ref(&**delegate)));
            center.setNotificationCategories(&snooze_categories());
        });
    });
}

/// One category, whose one action is "Snooze for a day". The action runs without bringing
/// Headroom forward (no `Foreground` option): snoozing needs no window.
fn snooze_categories() -> Retained<NSSet<UNNotificationCategory>> {
    let snooze = UNNotificationAction::actionWithIdentifier_title_options(
        &NSString::from_str(SNOOZE_ACTION),
        &NSString::from_str(SNOOZE_LABEL),
        UNNotificationActionOptions::empty(),
    );
    let category = UNNotificationCategory::categoryWithIdentifier_actions_intentIdentifiers_options(
        &NSString::from_str(SNOOZE_CATEGORY),
        &NSArray::from_retained_slice(&[snooze]),
        &NSArray::new(),
        UNNotificationCategoryOptions::empty(),
    );
    NSSet::from_retained_slice(&[category])
}
