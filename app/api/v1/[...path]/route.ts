import { ApiFailure, errorResponse } from "@/lib/api/errors";

/** Any other address under /api/v1: the API's own 404, in its error shape (not the portal's HTML page). */
function notFound() {
  return errorResponse(
    new ApiFailure(404, {
      code: "NOT_FOUND",
      reason: "NO_SUCH_ENDPOINT",
      message: "There is no such endpoint. The reference is at /api/docs.",
      details: null,
    }),
  );
}

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as DELETE, notFound as PUT };
