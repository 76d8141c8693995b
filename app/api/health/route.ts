import { reportViewer } from "@/lib/auth/access";
import { noStore } from "@/lib/server/responses";
import { liveHealth } from "@/lib/live/deployment";
import { readHealth } from "@/lib/reports/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Liveness, the store and the last refresh, for people and monitors. Never a secret. In
 * `signed-in` mode an anonymous caller (a monitor) learns the status and mode only; the refresh
 * times and errors are for people who signed in.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const health = await readHealth();
    const status = health.status === "error" ? 503 : 200;
    const viewer = await reportViewer(request);
    if (viewer.denied) return Response.json({ status: health.status, mode: health.mode }, { status, headers: noStore });
    const live = await liveHealth().catch(() => undefined);
    return Response.json({ ...health, ...(live ? { live } : {}) }, { status, headers: noStore });
  } catch (error) {
    return Response.json({ status: "error", reason: (error as Error).message }, { status: 503, headers: noStore });
  }
}
