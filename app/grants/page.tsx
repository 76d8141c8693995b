import type { Metadata } from "next";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { currentPageSession, signInSetup } from "@/lib/auth";
import { requirePageAccess } from "@/lib/auth/access";
import { getConfig } from "@/lib/config/env";
import { reportingConnection } from "@/lib/server/app-connection";
import { TRACE_COOKIE } from "@/lib/traces/pkce";
import { readClientCredentialsTrace, readPkceTrace } from "@/lib/traces/store";
import { withoutOrgBodies, type ClientCredentialsTrace, type PkceTrace } from "@/lib/traces/trace";
import { SignInButton } from "@/app/ui/account/auth-buttons";
import { ChallengeCalculator } from "./challenge-calculator";
import { GrantComparison } from "./comparison";
import { CommonMistakes } from "./mistakes";
import { SequenceDiagram, type LaneLabels } from "./sequence";
import { ThreeAmDemo } from "./three-am";
import styles from "./trace.module.css";

export const metadata: Metadata = { title: "Which grant, and why · Genesys Cloud queue dashboard" };

const GRANTS_PATH = "/grants";
const ACCESS_WITHHELD =
  "Hidden until the deployer sets DASHBOARD_ACCESS (public or signed-in): the refresh's exchanges come from the org, and who may see the org's data is not decided yet.";

function hostOf(url: string): string {
  return new URL(url).host;
}

function ago(iso: string): string {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return "less than a minute ago";
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  return `${Math.round(minutes / 60)} hours ago`;
}

function ClientCredentialsPanel({ trace, lanes }: { trace: ClientCredentialsTrace | null; lanes: LaneLabels }) {
  if (!trace) {
    return (
      <p className="empty" data-testid="cc-trace-empty">
        No scheduled refresh has been recorded yet. The next cron run records one, or press “Run both now” below.
      </p>
    );
  }
  // A refresh that reused its token shows the request that obtained it first, marked as earlier.
  const tokenInSteps = trace.steps.some((step) => step.to === "login");
  const steps =
    !tokenInSteps && trace.lastTokenStep
      ? [{ ...trace.lastTokenStep, title: `${trace.lastTokenStep.title} (earlier; this refresh reused its token)` }, ...trace.steps]
      : trace.steps;
  return (
    <>
      <p className="muted">
        The {trace.trigger === "3am-demo" ? "refresh run from this page" : "latest scheduled refresh"}, {ago(trace.recordedAt)}:{" "}
        {trace.ok ? "succeeded" : "failed"} with {trace.apiCalls} API call{trace.apiCalls === 1 ? "" : "s"} and {trace.tokenRequests} token
        request
        {trace.tokenRequests === 1 ? "" : "s"} in {trace.durationMs} ms. No browser takes part: every step is back channel.
      </p>
      <SequenceDiagram steps={steps} lanes={lanes} label="Client credentials: the scheduled refresh's exchanges" testId="cc-trace" />
      {trace.omittedSteps > 0 && (
        <p className="muted small">…and {trace.omittedSteps} more calls of the same kind (one per view and media type).</p>
      )}
    </>
  );
}

function PkceChecks({ trace }: { trace: PkceTrace }) {
  const { state, pkce } = trace;
  return (
    <div className={styles.checks}>
      <div className={`${styles.check} ${state.matched ? styles.checkOk : styles.checkBad}`} data-testid="state-check">
        <strong>State check: {state.matched === undefined ? "not reached" : state.matched ? "✓ matched" : "✕ did not match"}</strong>
        <p>
          Sent in step 1: <code>{state.sent}</code>; came back in step 3: <code>{state.returned ?? "—"}</code>. The app compared them (here
          by SHA-256, so the value itself is not kept): the callback belongs to the sign-in this browser started, not one an attacker
          planted (RFC 6749 §10.12).
        </p>
      </div>
      <div className={`${styles.check} ${pkce.matched ? styles.checkOk : styles.checkBad}`} data-testid="pkce-check">
        <strong>PKCE check: {pkce.matched === undefined ? "not reached" : pkce.matched ? "✓ verified" : "✕ did not match"}</strong>
        <p>
          <code>code_verifier</code> <code>{pkce.verifier ?? "—"}</code>
          {pkce.verifierLength ? ` (${pkce.verifierLength} characters, sent only in the back-channel code exchange)` : ""}
        </p>
        <p>
          BASE64URL(SHA-256(code_verifier)) = <code data-testid="pkce-computed">{pkce.computed ?? "—"}</code>
        </p>
        <p>
          <code>code_challenge</code> sent through the browser in step 1 ({pkce.method}) ={" "}
          <code data-testid="pkce-challenge">{pkce.challenge}</code>
        </p>
        <p className="muted">
          Genesys makes the same comparison before it issues a token, so a code stolen from the browser’s address bar is useless without the
          verifier.
        </p>
        <ChallengeCalculator />
      </div>
      {trace.tokenFields && (
        <div className={styles.check} data-testid="token-fields">
          <strong>The token answer held: {trace.tokenFields.join(", ")}</strong>
          <p>
            {trace.tokenFields.includes("refresh_token")
              ? "A refresh token came back; a public client cannot use it (the refresh grant needs a client secret), so the app drops it."
              : "No refresh_token: a public PKCE client gets none. When the token expires, the person signs in again."}
            {trace.expiresIn !== undefined
              ? ` It expires in ${trace.expiresIn} seconds (${(trace.expiresIn / 3600).toFixed(1)} hours).`
              : ""}
          </p>
        </div>
      )}
    </div>
  );
}

function PkcePanel({
  trace,
  lanes,
  available,
  reason,
  signedIn,
}: {
  trace: PkceTrace | null;
  lanes: LaneLabels;
  available: boolean;
  reason?: string;
  signedIn: boolean;
}) {
  if (!available) return <p className="notice">{reason}</p>;
  if (!trace) {
    return (
      <div className="empty" data-testid="pkce-trace-empty">
        <p>
          {signedIn
            ? "This browser’s sign-in was not recorded (it happened before tracing, or on another instance’s storage). Sign out and in again to see it."
            : "Sign in to record your own sign-in, step by step: the redirect, the state, the code, the code exchange with its verifier."}
        </p>
        {!signedIn && <SignInButton returnTo={GRANTS_PATH} primary />}
      </div>
    );
  }
  return (
    <>
      <p className="muted">
        Your sign-in, {ago(trace.startedAt)}:{" "}
        {trace.outcome === "signed-in"
          ? "signed in"
          : trace.outcome === "failed"
            ? `refused (${trace.error ?? "error"})`
            : "started, not finished"}
        . Steps on a blue background went through your browser (front channel); the rest went from this app’s server to Genesys (back
        channel).
      </p>
      <SequenceDiagram
        steps={trace.steps}
        lanes={lanes}
        label="Authorization code with PKCE: your sign-in's exchanges"
        testId="pkce-trace"
      />
      <PkceChecks trace={trace} />
    </>
  );
}

/** The teaching page: both grants side by side, with the exchanges this app really made. */
export default async function GrantsPage() {
  await connection();
  await requirePageAccess(GRANTS_PATH);
  const config = getConfig();
  const setup = signInSetup(config);
  const target = reportingConnection();
  const simulated = target.mode === "simulator";
  const lanes: LaneLabels = {
    browser: "Browser",
    app: "App server",
    login: simulated ? "Login (simulator)" : hostOf(target.loginUrl),
    api: simulated ? "API (simulator)" : hostOf(target.apiUrl),
  };
  // Until the deployer says who may see org data, the page teaches without showing any of it.
  const withheld = config.dashboardAccess === "unconfigured";
  const traceId = (await cookies()).get(TRACE_COOKIE)?.value;
  const [storedTrace, pkceTrace, session] = await Promise.all([
    withheld ? null : readClientCredentialsTrace().catch(() => null),
    readPkceTrace(traceId).catch(() => null),
    currentPageSession(),
  ]);
  const ccTrace = storedTrace && !simulated ? withoutOrgBodies(storedTrace) : storedTrace;

  return (
    <main className="page">
      <h1>Which grant, and why</h1>
      <p className="lead">
        This dashboard talks to Genesys Cloud in two ways. The scheduled views use the <strong>client-credentials</strong> grant: the app is
        the principal, and it runs with nobody present. “Sign in with Genesys Cloud” uses <strong>authorization code + PKCE</strong>: you
        are the principal, and the report shows what your own permissions allow. Below, both as this app really performed them
        {simulated ? " against its built-in simulator" : ` against ${target.environment}`}, secrets cut to a few characters before anything
        was stored.
      </p>

      <section className={styles.section} aria-labelledby="compare-heading">
        <h2 id="compare-heading">Side by side</h2>
        <GrantComparison loginHost={simulated ? "https://login.<env>" : target.loginUrl} />
      </section>

      <section className={styles.section} aria-labelledby="traces-heading">
        <h2 id="traces-heading">Live traces</h2>
        <p>Open a step to see its method, URL, headers, body, status, timing and rate-limit headers.</p>
        <div className={styles.columns}>
          <section className={styles.panel} aria-labelledby="cc-heading">
            <h3 id="cc-heading">Client credentials: the scheduled refresh</h3>
            {withheld ? (
              <p className="notice" data-testid="cc-trace-withheld">
                {ACCESS_WITHHELD}
              </p>
            ) : (
              <ClientCredentialsPanel trace={ccTrace} lanes={lanes} />
            )}
          </section>
          <section className={styles.panel} aria-labelledby="pkce-heading">
            <h3 id="pkce-heading">Authorization code + PKCE: your sign-in</h3>
            <PkcePanel
              trace={pkceTrace}
              lanes={lanes}
              available={setup.available}
              {...(!setup.available ? { reason: setup.reason } : {})}
              signedIn={session !== null}
            />
          </section>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="three-am-heading">
        <h2 id="three-am-heading">Run it at 3 AM</h2>
        <p>
          A scheduled report runs when nobody is at a keyboard. Press the button to run, now and unattended, the refresh the cron runs; then
          what a job would have to do to produce the same report with a person’s token, each step sent for real.
        </p>
        {withheld ? <p className="notice">{ACCESS_WITHHELD}</p> : <ThreeAmDemo />}
      </section>

      <div className={styles.section}>
        <CommonMistakes />
      </div>
    </main>
  );
}
