/**
 * `/me`: the signed-in user's numbers beside the app's (client-credentials) numbers for the same
 * window, queue by queue, and why they differ. Server-rendered: nothing here needs the browser.
 */
import type { ReportComparison, QueueVisibility } from "@/lib/reports/compare";
import type { QueueMetrics, QueueReport } from "@/lib/model/queue-report";
import { VIEW_LABELS, isViewName } from "@/lib/reports/views";
import { ViewLinks } from "../dashboard/view-links";
import { count, exactTime, percent } from "../format";

const VISIBILITY: Record<QueueVisibility, string> = {
  same: "Same numbers",
  differs: "Numbers differ",
  "app-only": "Not visible to you",
  "user-only": "Not visible to the app",
};

function windowLabel(report: QueueReport): string {
  if (report.view && isViewName(report.view)) return VIEW_LABELS[report.view];
  const [start = "", end = ""] = report.interval.split("/");
  return `${exactTime(start, report.timeZone)} – ${exactTime(end, report.timeZone)}`;
}

export function MyViewSwitcher({ active }: { active: string | undefined }) {
  return <ViewLinks active={active} href={(view) => `/me?view=${view}`} />;
}

function Cells({ m, who }: { m: QueueMetrics | null; who: "mine" | "app" }) {
  if (!m) {
    return (
      <td colSpan={4} className="not-visible" data-col={`${who}-hidden`}>
        —
      </td>
    );
  }
  return (
    <>
      <td data-col={`${who}-offered`}>{count(m.offered)}</td>
      <td data-col={`${who}-answered`}>{count(m.answered)}</td>
      <td data-col={`${who}-abandoned`}>{count(m.abandoned)}</td>
      <td data-col={`${who}-sl`}>{percent(m.serviceLevel)}</td>
    </>
  );
}

export function MyView({ mine, app, comparison }: { mine: QueueReport; app: QueueReport; comparison: ReportComparison }) {
  const visibleToMe = comparison.counts.same + comparison.counts.differs + comparison.counts["user-only"];
  const visibleToApp = app.queues.length;
  return (
    <>
      <header className="page-header">
        <div>
          <h1>My view · {windowLabel(mine)}</h1>
          <p className="muted meta">
            As <strong data-testid="principal">{mine.principal?.name ?? "you"}</strong>, with your own Genesys Cloud token (authorization
            code + PKCE) · generated {exactTime(mine.generatedAt, mine.timeZone)}
          </p>
        </div>
      </header>
      <div className="controls">
        <MyViewSwitcher active={mine.view} />
      </div>

      <p className="lead" data-testid="visibility-summary">
        You see <strong>{visibleToMe}</strong> of the <strong>{visibleToApp}</strong> queues the dashboard&apos;s OAuth client sees
        {comparison.counts["app-only"] > 0 ? (
          <>
            ; <strong>{comparison.counts["app-only"]}</strong> are not visible to you
          </>
        ) : null}
        . Where both see a queue, the numbers {comparison.counts.differs === 0 ? "are the same" : "should be the same"}.
      </p>
      {comparison.counts.differs > 0 ? (
        <p className="alert alert-soft" role="status">
          {comparison.counts.differs} queue(s) differ: the two queries ran a moment apart while the current bucket was still filling. Reload
          for a fresh pair.
        </p>
      ) : null}

      <section aria-labelledby="why" className="explain">
        <h2 id="why">Why the two differ</h2>
        <ul>
          <li>
            <strong>The dashboard</strong> (scheduled snapshots) runs as the app&apos;s OAuth client with the <em>client-credentials</em>{" "}
            grant. Its <em>roles and divisions</em>, set by an admin on that client, decide which queues it sees, and everyone who opens the
            dashboard sees the same.
          </li>
          <li>
            <strong>This view</strong> runs with <em>your</em> token (authorization code + PKCE). Genesys Cloud applies{" "}
            <em>your own permissions and divisions</em> (within the sign-in client&apos;s scopes), so queues outside your divisions are
            missing here and marked <q>not visible to you</q>.
          </li>
          <li>
            Both ran for the identical window ({mine.interval}, {mine.granularity} buckets, {mine.timeZone}) at the same moment: the data is
            the org&apos;s either way, only who may see which queue differs.
          </li>
        </ul>
      </section>

      <div className="table-wrap">
        <table aria-label="Your queues beside the dashboard's" data-testid="my-view-table" className="my-view-table">
          <caption>
            {windowLabel(mine)}: offered, answered, abandoned and service level, yours beside the dashboard&apos;s (client credentials)
          </caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Queue
              </th>
              <th scope="colgroup" colSpan={4}>
                You (your token)
              </th>
              <th scope="colgroup" colSpan={4}>
                Dashboard (client credentials)
              </th>
              <th scope="col" rowSpan={2}>
                Status
              </th>
            </tr>
            <tr>
              <th scope="col">Offered</th>
              <th scope="col">Answered</th>
              <th scope="col">Abandoned</th>
              <th scope="col">Service level</th>
              <th scope="col">Offered</th>
              <th scope="col">Answered</th>
              <th scope="col">Abandoned</th>
              <th scope="col">Service level</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row) => (
              <tr key={row.queueId} data-queue-id={row.queueId} data-visibility={row.visibility}>
                <th scope="row">{row.name}</th>
                <Cells m={row.mine} who="mine" />
                <Cells m={row.app} who="app" />
                <td className={`visibility visibility-${row.visibility}`}>{VISIBILITY[row.visibility]}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All queues each sees</th>
              <Cells m={mine.totals} who="mine" />
              <Cells m={app.totals} who="app" />
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
