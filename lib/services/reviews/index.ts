// Access reviews of the Delegated Mailbox Approver holders (issue 13): start, answer, apply, read.
import "server-only";
export { answerReviewItems, ANSWER_AT_MOST } from "./answer";
export { applyAccessReview, applyDueReviews, type OutcomeCounts } from "./apply";
export { reviewPagePath, type ReviewSpec } from "./create";
export {
  countOpenItemsFor,
  getAccessReview,
  ITEMS_PAGE_SIZE,
  listAccessReviews,
  listReviewItems,
  REVIEWS_PAGE_SIZE,
  type ItemView,
  type ReviewDetail,
  type ReviewItemRow,
  type ReviewListRow,
} from "./queries";
export { startAccessReview } from "./start";
