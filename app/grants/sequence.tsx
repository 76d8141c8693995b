/**
 * A trace as a sequence diagram: four lanes (browser, app server, login host, API host), one
 * arrow per exchange, front channel (through the browser) set apart from the back channel
 * (server to Genesys). The diagram is an ordered list whose every item says in words who called
 * whom and what came back, so it reads the same to a screen reader; the lanes and arrows are
 * decoration on top. Each step opens to its method, URL, headers, body, status and timing.
 * No "use client" and no server-only imports: the 3 AM demo renders steps on the client too.
 */
import type { Lane, TraceStep } from "@/lib/traces/trace";
import styles from "./trace.module.css";

export type LaneLabels = Record<Lane, string>;

const ORDER: Record<Lane, number> = { browser: 0, app: 1, login: 2, api: 3 };
const RATE_LIMIT_HEADERS = ["inin-ratelimit-count", "inin-ratelimit-allowed", "inin-ratelimit-reset", "retry-after"];

function pathOf(url: string): string {
  try {
    const parsed = new URL(url.replace(/ \(server action\)$/, ""));
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

function statusClass(status: number): string {
  if (status === 0 || status >= 400) return styles.statusBad!;
  if (status >= 300) return styles.statusRedirect!;
  return styles.statusGood!;
}

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <span className={styles.none}>(none shown)</span>;
  return <pre className={styles.code}>{entries.map(([name, value]) => `${name}: ${value}`).join("\n")}</pre>;
}

export function StepDetails({ step }: { step: TraceStep }) {
  const rateLimit = RATE_LIMIT_HEADERS.filter((name) => step.responseHeaders[name] !== undefined);
  return (
    <dl className={styles.details}>
      {step.method ? (
        <>
          <dt>Request</dt>
          <dd>
            <code className={styles.wrap}>
              {step.method} {step.url}
            </code>
          </dd>
        </>
      ) : (
        <>
          <dt>Redirect to</dt>
          <dd>
            <code className={styles.wrap}>{step.url || "(none)"}</code>
          </dd>
        </>
      )}
      {Object.keys(step.requestHeaders).length > 0 && (
        <>
          <dt>Request headers</dt>
          <dd>
            <Headers headers={step.requestHeaders} />
          </dd>
        </>
      )}
      {step.requestBody && (
        <>
          <dt>Request body</dt>
          <dd>
            <pre className={styles.code}>{step.requestBody}</pre>
          </dd>
        </>
      )}
      <dt>Status</dt>
      <dd>
        <span className={statusClass(step.status)}>{step.status === 0 ? "no answer" : step.status}</span>
        {step.error && <span> — {step.error}</span>} · {step.durationMs} ms ·{" "}
        {new Date(step.at).toISOString().replace("T", " ").slice(0, 19)} UTC
      </dd>
      {rateLimit.length > 0 && (
        <>
          <dt>Rate limit</dt>
          <dd data-testid="rate-limit">{rateLimit.map((name) => `${name}: ${step.responseHeaders[name]}`).join(" · ")}</dd>
        </>
      )}
      <dt>Response headers</dt>
      <dd>
        <Headers headers={step.responseHeaders} />
      </dd>
      {step.responseBody && (
        <>
          <dt>Response body</dt>
          <dd>
            <pre className={styles.code}>{step.responseBody}</pre>
          </dd>
        </>
      )}
      {step.responseSummary && (
        <>
          <dt>Response body</dt>
          <dd data-testid="response-summary">
            {step.responseSummary} <span className="muted">(the org&apos;s data stays off this page)</span>
          </dd>
        </>
      )}
    </dl>
  );
}

export function SequenceDiagram({
  steps,
  lanes,
  label,
  testId,
}: {
  steps: readonly TraceStep[];
  lanes: LaneLabels;
  label: string;
  testId: string;
}) {
  return (
    <figure className={styles.sequence} data-testid={testId}>
      <figcaption className="sr-only">{label}</figcaption>
      <div className={styles.lanes} aria-hidden="true">
        {(Object.keys(ORDER) as Lane[]).map((lane) => (
          <span key={lane} className={styles.lane}>
            {lanes[lane]}
          </span>
        ))}
      </div>
      <ol className={styles.steps}>
        {steps.map((step, index) => {
          const from = ORDER[step.from];
          const to = ORDER[step.to];
          const leftward = to < from;
          return (
            <li
              key={index}
              className={step.channel === "front" ? styles.front : styles.back}
              data-testid="trace-step"
              data-channel={step.channel}
            >
              <div className={styles.arrowRow} aria-hidden="true">
                <span
                  className={`${styles.arrow} ${leftward ? styles.arrowLeft : ""} ${step.observed ? "" : styles.unobserved}`}
                  style={{ gridColumn: `${Math.min(from, to) + 1} / ${Math.max(from, to) + 2}` }}
                >
                  <span className={styles.arrowLabel}>
                    {step.method ? `${step.method} ${pathOf(step.url).slice(0, 48)}` : "redirect"} → {step.status || "—"}
                  </span>
                </span>
              </div>
              <details>
                <summary>
                  <span className={styles.channel}>
                    {step.channel === "front" ? "Front channel (through the browser)" : "Back channel (server to server)"}
                  </span>{" "}
                  <strong>
                    {index + 1}. {lanes[step.from]} → {lanes[step.to]}:
                  </strong>{" "}
                  {step.title}. <span className={styles.summaryStatus}>{step.status === 0 ? "No answer" : `HTTP ${step.status}`}</span>,{" "}
                  {step.durationMs} ms
                  {!step.observed && <span className={styles.none}> (happens at Genesys; the app only sees the result)</span>}
                </summary>
                <StepDetails step={step} />
              </details>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
