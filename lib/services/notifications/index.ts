// In-app notifications: written with the change (or sweep) that causes them, read by their recipient only.
import "server-only";
export { addNotifications, wasNotified, type NotificationInput, type NotificationKind } from "./store";
export {
  countUnread,
  listNotifications,
  markNotificationsRead,
  NOTIFICATIONS_PAGE_SIZE,
  type NotificationView,
} from "./inbox";
