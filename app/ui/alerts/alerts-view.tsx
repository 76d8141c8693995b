/**
 * `/alerts`: what the rules watch, what is firing now and since when, and the last transitions
 * with where each was sent. Server-rendered: it reads the store, and a reload shows the latest.
 */
import Link from "next/link";
import { formatAlertValue } from "@/lib/alerts/payloads";
import { exactTime, relativeAge } from "../format";
import type { AlertsOverview } from "./load";
import styles from "./alerts.module.css";

const against = (metric: string, op: string, threshold: number) => `${op} ${formatAlertValue(metric, threshold)}`;

function Firing({ overview, timeZone, now }: { overview: AlertsOverview; timeZone: string; now: number }) {
  if (overview.active.length === 0) return <p className={styles.calm}>✓ Nothing is firing.</p>;
  return (
    <table className={styles.table}>
      <caption>Firing now</caption>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">Rule</th>
          <th scope="col">Value</th>
          <th scope="col">Threshold</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {overview.active.map((a) => (
          <tr key={`${a.ruleId}|${a.queueId}`} className={styles.firing}>
            <td>
              <Link href={`/queues/${encodeURIComponent(a.queueId)}`}>{a.queueName}</Link>
            </td>
            <td>
              <code>{a.ruleId}</code>
            </td>
            <td>
              <span aria-hidden="true">▲ </span>
              {a.metric} {formatAlertValue(a.metric, a.value)}
            </td>
            <td>{against(a.metric, a.op, a.threshold)}</td>
            <td title={exactTime(a.since, timeZone)}>{relativeAge(a.since, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Recent({ overview, timeZone }: { overview: AlertsOverview; timeZone: string }) {
  if (overview.recent.length === 0) return <p>No transition yet.</p>;
  return (
    <table className={styles.table}>
      <caption>The last {overview.recent.length} transitions, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">State</th>
          <th scope="col">Queue</th>
          <th scope="col">Rule</th>
          <th scope="col">Value</th>
          <th scope="col">Delivery</th>
        </tr>
      </thead>
      <tbody>
        {overview.recent.map((t) => (
          <tr key={t.id}>
            <td>{exactTime(t.at, timeZone)}</td>
            <td className={t.state === "firing" ? styles.firingText : styles.resolvedText}>
              {t.state === "firing" ? "▲ firing" : "✓ resolved"}
            </td>
            <td>{t.queueName}</td>
            <td>
              <code>{t.ruleId}</code>
            </td>
            <td>
              {formatAlertValue(t.metric, t.value)} ({against(t.metric, t.op, t.threshold)})
            </td>
            <td>
              {t.deliveries.length === 0
                ? "no destination"
                : t.deliveries.map((d) => (
                    <span key={d.destination} className={d.status === "failed" ? styles.failed : undefined}>
                      {d.destination}: {d.status}
                      {d.status === "failed" && d.error ? ` (${d.error})` : ""}
                      {d.attempts > 1 ? `, ${d.attempts} attempts` : ""}{" "}
                    </span>
                  ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Rules({ overview }: { overview: AlertsOverview }) {
  return (
    <table className={styles.table}>
      <caption>Rules</caption>
      <thead>
        <tr>
          <th scope="col">Id</th>
          <th scope="col">Queue</th>
          <th scope="col">When</th>
          <th scope="col">Source</th>
          <th scope="col">For</th>
          <th scope="col">Min. offered</th>
        </tr>
      </thead>
      <tbody>
        {overview.rules.map((r) => (
          <tr key={r.id}>
            <td>
              <code>{r.id}</code>
            </td>
            <td>{r.queue === "*" ? "every queue" : r.queue}</td>
            <td>
              {r.metric} {against(r.metric, r.op, r.threshold)}
            </td>
            <td>{r.source}</td>
            <td>{r.for}</td>
            <td>{r.minOffered}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AlertsView({ overview, timeZone, now }: { overview: AlertsOverview; timeZone: string; now: number }) {
  if (overview.rules.length === 0) {
    return (
      <main className="page">
        <h1>Alerts</h1>
        <p className="notice">
          No alert rules. Put them in <code>alerts.json</code> in the app&apos;s working directory, or in the file <code>ALERT_RULES</code>{" "}
          names, and restart; the README&apos;s &ldquo;Alerts&rdquo; section shows the format.
        </p>
      </main>
    );
  }
  const destinations = overview.destinations.length
    ? overview.destinations.join(", ")
    : "none configured (set ALERT_WEBHOOK_URL, ALERT_SLACK_WEBHOOK_URL or ALERT_TEAMS_WEBHOOK_URL)";
  return (
    <main className="page">
      <h1>Alerts</h1>
      <p>
        {overview.rules.length} rules, evaluated after every scheduled refresh and every live snapshot. Sent to: {destinations}.
      </p>
      <Firing overview={overview} timeZone={timeZone} now={now} />
      <Recent overview={overview} timeZone={timeZone} />
      <Rules overview={overview} />
    </main>
  );
}
