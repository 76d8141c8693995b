/**
 * Request bodies with a size limit for the app's routes (the auth route,
 * `app/api/auth/[...nextauth]/route.ts`): the byte-counting reader is the simulator's
 * (lib/sim/body-limit.ts; lib/sim sits below lib/server, and both must refuse a body the same way:
 * by Content-Length, then while streaming). Here, the app's answer for it.
 */
import { BodyTooLargeError } from "@/lib/sim/body-limit";
import { jsonError, noStore } from "./responses";

export { BodyTooLargeError, KIB, declaredTooLarge, readBodyLimited } from "@/lib/sim/body-limit";

/** The app's JSON error for a body over the limit: `413 {"error": {"code": "payload_too_large", …}}`. */
export function bodyTooLargeResponse(error: BodyTooLargeError): Response {
  return jsonError(413, "payload_too_large", error.message, undefined, noStore);
}
