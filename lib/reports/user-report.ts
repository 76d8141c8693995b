import "server-only";
/**
 * The user-delegated view: the same QueueReport, run live with the signed-in user's own token, so
 * it shows what *their* permissions and divisions allow. Briefly cached per user and query (keyed
 * by the Genesys user id, never by the token). A rejected token is never replaced by the app's
 * client credentials: the caller is told to sign in again.
 */
import { UserTokenExpiredError, isTokenExpired, type UserSession } from "@/lib/auth/session";

export { isTokenExpired, UserTokenExpiredError };
import { getConfig } from "@/lib/config/env";
import type { QueueReport } from "@/lib/model/queue-report";
import { reportingConnection, userTokenClient } from "@/lib/server/app-connection";
import { getSnapshotStore } from "@/lib/server/store";
import type { QueueSums } from "./build";
import { compareQueueReports, type ReportComparison } from "./compare";
import { queueDirectory } from "./queue-directory";
import type { ReportRequest } from "./request";
import { runQueueReport, runQueueReportWithSums } from "./run";
import { TtlCache } from "./ttl-cache";
import { chargeViewerWork } from "./viewer-budget";
import { restrictToQueues } from "./visibility";
import { resolveView, windowInterval, type ReportWindow } from "./views";

/** Short: the user's own view should feel live, and a revoked user should not linger long. */
export const MY_REPORT_TTL_MS = 30_000;

export function windowFor(request: ReportRequest, timeZone: string, now: Date = new Date()): ReportWindow {
  return request.kind === "view" ? resolveView(request.view, timeZone, now) : request.window;
}

function cacheKey(userId: string, window: ReportWindow, request: ReportRequest): string {
  return [userId, windowInterval(window), window.granularity, window.timeZone, window.view ?? "", request.mediaType ?? "all"].join("|");
}

function runMine(session: UserSession, window: ReportWindow, request: ReportRequest): Promise<QueueReport> {
  const connection = reportingConnection();
  const client = userTokenClient(session.accessToken);
  return runQueueReport(client, {
    window,
    mediaTypes: request.mediaType ? [request.mediaType] : undefined,
    source: { mode: connection.mode, environment: connection.environment, grant: "authorization_code" },
    principal: { id: session.user.id, name: session.user.name },
  });
}

function runApp(window: ReportWindow, request: ReportRequest): Promise<{ report: QueueReport; sums: QueueSums }> {
  const connection = reportingConnection();
  return runQueueReportWithSums(connection.client, {
    window,
    mediaTypes: request.mediaType ? [request.mediaType] : undefined,
    source: connection.source,
    listQueues: () => queueDirectory(getSnapshotStore(), connection.client),
  });
}

function assertUsable(session: UserSession): void {
  // Checked before the cache too: an expired sign-in must not keep serving cached numbers.
  if (session.user.expired) throw new UserTokenExpiredError();
}

const mine = new TtlCache<QueueReport>(MY_REPORT_TTL_MS, 500);

/** `GET /api/me/reports/queues`: the signed-in user's report. Throws UserTokenExpiredError / Genesys errors. */
export async function myQueueReport(session: UserSession, request: ReportRequest, clientKey: string): Promise<QueueReport> {
  assertUsable(session);
  const window = windowFor(request, getConfig().reportTimeZone);
  try {
    return await mine.get(cacheKey(session.user.id, window, request), async () => {
      // Viewer-caused Genesys work: charged like an on-demand report (lib/reports/viewer-budget.ts).
      await chargeViewerWork(clientKey);
      return runMine(session, window, request);
    });
  } catch (error) {
    if (isTokenExpired(error)) throw new UserTokenExpiredError();
    throw error;
  }
}

export type MyComparison = { mine: QueueReport; app: QueueReport; comparison: ReportComparison };

const pairs = new TtlCache<MyComparison>(MY_REPORT_TTL_MS, 500);

/**
 * `/me`: the user's report and the client-credentials report for the identical resolved window,
 * run together at the same moment, so a queue both can see shows the same numbers (two reports
 * cached at different times would disagree about the bucket still filling).
 */
export async function myComparison(session: UserSession, request: ReportRequest, clientKey: string): Promise<MyComparison> {
  assertUsable(session);
  const window = windowFor(request, getConfig().reportTimeZone);
  try {
    return await pairs.get(cacheKey(session.user.id, window, request), async () => {
      await chargeViewerWork(clientKey);
      const [m, a] = await Promise.all([runMine(session, window, request), runApp(window, request)]);
      const comparison = compareQueueReports(m, a.report);
      if (getConfig().dashboardAccess !== "signed-in") return { mine: m, app: a.report, comparison };
      // Signed-in mode: the queues only the app sees are counted, never named or shown.
      const yours = new Set(m.queues.map((q) => q.queueId));
      return {
        mine: m,
        app: restrictToQueues(a.report, yours, a.sums),
        comparison: { ...comparison, rows: comparison.rows.filter((row) => row.visibility !== "app-only") },
      };
    });
  } catch (error) {
    if (isTokenExpired(error)) throw new UserTokenExpiredError();
    throw error;
  }
}
