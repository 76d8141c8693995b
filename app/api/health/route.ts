import { noStore } from "@/lib/http/responses";
import { readHealth } from "@/lib/reports/snapshots";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness, the store and the last refresh, for people and monitors. Never a secret. */
export async function GET(): Promise<Response> {
  try {
    const health = await readHealth();
    return Response.json(health, { status: health.status === "error" ? 503 : 200, headers: noStore });
  } catch (error) {
    return Response.json({ status: "error", reason: (error as Error).message }, { status: 503, headers: noStore });
  }
}
