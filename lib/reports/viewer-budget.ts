import "server-only";
/**
 * The viewers' share of the org's rate limit. Snapshots cost viewers nothing; what a viewer can
 * make the app ask Genesys (an on-demand interval, a /me comparison, the 3 AM demo) is charged
 * here: a budget per minute for the whole deployment (shared by every instance through the
 * store) and one per client address, so one visitor cannot spend everybody's. The scheduled
 * refresh is never charged and never waits on this.
 */
import { getConfig } from "@/lib/config/env";
import { getSnapshotStore } from "@/lib/server/store";
import { windowCounter } from "@/lib/store/counters";

const WINDOW_MS = 60_000;

export class ViewerBudgetExceeded extends Error {
  override name = "ViewerBudgetExceeded";
  constructor(
    readonly scope: "deployment" | "client",
    readonly retryAfterSeconds: number,
  ) {
    super(
      scope === "deployment"
        ? `This dashboard has spent its share of Genesys Cloud requests for viewers this minute (the scheduled views are unaffected). Try again in ${retryAfterSeconds} s, or use a scheduled view.`
        : `You have asked for more on-demand reports than one viewer may per minute. Try again in ${retryAfterSeconds} s, or use a scheduled view.`,
    );
  }
}

/**
 * Who a request comes from, for the per-client budget: the first X-Forwarded-For hop (set by
 * Vercel and most proxies), else X-Real-IP. A client can forge these where no proxy overwrites
 * them; the deployment-wide budget still holds.
 */
export function clientKeyOf(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || headers.get("x-real-ip")?.trim() || "unknown";
  // A bounded, harmless key whatever the header holds.
  return candidate.slice(0, 64).replace(/[^0-9A-Za-z.:_-]/g, "_");
}

/** Charges one unit of viewer-caused Genesys work, or throws ViewerBudgetExceeded. */
export async function chargeViewerWork(clientKey: string): Promise<void> {
  const { perMinute, perClientPerMinute } = getConfig().viewerBudget;
  const counter = windowCounter(getSnapshotStore());
  const perClient = await counter.hit(`viewer:client:${clientKey}`, WINDOW_MS);
  if (perClient.count > perClientPerMinute) throw new ViewerBudgetExceeded("client", Math.max(1, Math.ceil(perClient.resetMs / 1000)));
  const deployment = await counter.hit("viewer:deployment", WINDOW_MS);
  if (deployment.count > perMinute) throw new ViewerBudgetExceeded("deployment", Math.max(1, Math.ceil(deployment.resetMs / 1000)));
}

/** By name too: Next.js may bundle this module more than once, so instanceof can miss. */
export function isViewerBudgetExceeded(error: unknown): error is ViewerBudgetExceeded {
  return error instanceof Error && error.name === "ViewerBudgetExceeded";
}

/** The 429 a route answers. */
export function viewerBudgetResponse(error: ViewerBudgetExceeded): Response {
  return Response.json(
    { error: { code: "viewer_budget_exceeded", message: error.message } },
    { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds), "Cache-Control": "no-store" } },
  );
}

/** The 3 AM demo: at most once a minute for the whole deployment. Returns the seconds to wait, or 0. */
export async function claimThreeAmSlot(): Promise<number> {
  const slot = await windowCounter(getSnapshotStore()).hit("demo:3am", WINDOW_MS);
  return slot.count > 1 ? Math.max(1, Math.ceil(slot.resetMs / 1000)) : 0;
}
