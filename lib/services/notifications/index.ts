// Notifications: written with the change (or sweep) that causes them, read by their recipient only,
// and emailed through the outbox when email is on and the recipient wants that kind by email.
import "server-only";
export { addNotifications, wasNotified, type NotificationInput, type NotificationKind } from "./store";
export {
  countUnread,
  listNotifications,
  markNotificationsRead,
  NOTIFICATIONS_PAGE_SIZE,
  type NotificationView,
} from "./inbox";
export { emailChannelState, type EmailChannelState } from "./channel";
export {
  listEmailPreferences,
  readUnsubscribeLink,
  saveEmailPreferences,
  unsubscribeWithLink,
  type EmailPreference,
} from "./preferences";
export { unsubscribePath } from "./unsubscribe-token";
export { lastApprovalRequestAt, requestApproval } from "./approval-requests";
