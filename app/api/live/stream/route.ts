import { liveFilterFor } from "@/lib/live/access";
import { liveHub } from "@/lib/live/deployment";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** On Vercel a stream ends with its function; the hub closes it first and the browser reconnects. */
export const maxDuration = 300;

/** `text/event-stream`: `event: snapshot` with the whole LiveSnapshot on connect and on every change. */
export async function GET(request: Request): Promise<Response> {
  const access = await liveFilterFor(request);
  if ("response" in access) return access.response;
  return new Response(liveHub().open(access.filter, request.signal), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      // nginx and similar proxies buffer responses unless told not to.
      "X-Accel-Buffering": "no",
    },
  });
}
