import "server-only";
/**
 * "Run it at 3 AM": the teaching page's demonstration that unattended reporting needs client
 * credentials. Both halves really run, now, with no person involved:
 *
 * - client credentials: the scheduled refresh itself (the function the cron calls), not forced,
 *   so a visitor pressing the button twice costs Genesys one refresh per 30 seconds at most;
 * - user-delegated: what a job would have to do to run the same report with a user's token,
 *   each step sent for real to Genesys (or the simulator), each answer shown with why it fails.
 *   Nothing here uses the visitor's own token.
 */
import { randomBytes } from "node:crypto";
import { signInSetup, type SignedInUser } from "@/lib/auth";
import { notSignedInResponse } from "@/lib/auth/access";
import { genesysRedirectUri } from "@/lib/config/auth-paths";
import { readUserSession } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { describeExchange } from "@/lib/genesys";
import { describeError } from "@/lib/genesys/describe-error";
import { runScheduledRefresh } from "@/lib/reports/scheduled-refresh";
import { readClientCredentialsTrace } from "@/lib/traces/store";
import { s256 } from "@/lib/traces/pkce";
import { compactBody, stepFromExchange, type TraceStep } from "@/lib/traces/trace";

export type UnattendedAttempt = {
  title: string;
  /** "ok": this step works without a person; "blocked": this is where the flow needs one. */
  outcome: "ok" | "blocked";
  why: string;
  step?: TraceStep;
};

export type UnattendedRun = {
  ranAt: string;
  clientCredentials: {
    ok: boolean;
    /** True when a refresh had just run and this answer is its result (duplicates are not repeated). */
    shared: boolean;
    views: number;
    viewsOk: number;
    queues: number;
    apiCalls: number;
    tokenRequests: number;
    durationMs: number;
    error?: string;
    steps: TraceStep[];
  };
  userDelegated: UnattendedAttempt[];
};

const TIMEOUT_MS = 10_000;

async function sendRecorded(init: {
  title: string;
  method: string;
  url: string;
  body?: string;
  headers?: Record<string, string>;
  loginUrl: string;
  fetch: typeof fetch;
}): Promise<TraceStep> {
  const headers = new Headers(init.headers);
  const startedAt = Date.now();
  const started = performance.now();
  try {
    const response = await init.fetch(init.url, {
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    const exchange = describeExchange({
      kind: init.url.includes("/oauth/token") ? "token" : "api",
      method: init.method,
      url: init.url,
      requestHeaders: headers,
      ...(init.body !== undefined ? { requestBody: init.body } : {}),
      status: response.status,
      responseHeaders: response.headers,
      responseText: text,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      attempt: 1,
    });
    return { ...stepFromExchange(exchange, init.title, init.loginUrl), to: "login" };
  } catch (error) {
    return {
      channel: "back",
      from: "app",
      to: "login",
      title: init.title,
      method: init.method,
      url: init.url,
      requestHeaders: {},
      status: 0,
      responseHeaders: {},
      error: describeError(error),
      at: new Date(startedAt).toISOString(),
      durationMs: Math.round(performance.now() - started),
      observed: true,
    };
  }
}

function hoursUntil(ms: number): string {
  const hours = (ms - Date.now()) / 3_600_000;
  return hours < 1 ? `${Math.max(0, Math.round(hours * 60))} minutes` : `${hours.toFixed(1)} hours`;
}

/** The user-delegated half: each step a job would need, run for real, none of them possible alone. */
async function userDelegatedAttempts(origin: string, user: SignedInUser | null): Promise<UnattendedAttempt[]> {
  const setup = signInSetup(getConfig());
  // The job has no browser, so no session cookie: exactly what the report route answers then.
  const noSession = notSignedInResponse();
  const attempts: UnattendedAttempt[] = [
    {
      title: "Run the report with a signed-in user's session",
      outcome: "blocked",
      why: "At 3 AM there is no browser and so no session cookie. The user-delegated report answers 401 until a person signs in.",
      step: {
        channel: "back",
        from: "app",
        to: "app",
        title: "GET /api/me/reports/queues without a session cookie (as a job would call it)",
        method: "GET",
        url: `${origin}/api/me/reports/queues?view=last-24h`,
        requestHeaders: {},
        status: noSession.status,
        responseHeaders: {
          "content-type": noSession.headers.get("content-type") ?? "",
          "www-authenticate": noSession.headers.get("www-authenticate") ?? "",
        },
        responseBody: compactBody(await noSession.text()) ?? "",
        at: new Date().toISOString(),
        durationMs: 0,
        observed: true,
      },
    },
  ];
  if (!setup.available) {
    attempts.push({
      title: "Get a user token",
      outcome: "blocked",
      why: `${setup.reason} Even with it, a token only comes from a person signing in.`,
    });
    return attempts;
  }
  const send = setup.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const authorize = new URL(setup.authorizeUrl(origin));
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: setup.clientId,
    redirect_uri: genesysRedirectUri(origin),
    code_challenge: s256(randomBytes(32).toString("base64url")),
    code_challenge_method: "S256",
    state: randomBytes(16).toString("base64url"),
  }).toString();
  // The simulator's authorize page is the app's own /sim path; the server reaches it in-process.
  const authorizeTarget = setup.mode === "simulator" ? `${setup.loginUrl}/oauth/authorize${authorize.search}` : authorize.href;
  const authorizeStep = await sendRecorded({
    title: "GET /oauth/authorize from the server, with no person at the keyboard",
    method: "GET",
    url: authorizeTarget,
    loginUrl: setup.loginUrl,
    fetch: send,
  });
  attempts.push({
    title: "Get a new user token without a person",
    outcome: "blocked",
    why:
      "The only way to a user token is /oauth/authorize, and it answers with a sign-in page (or a redirect to one) for a person to fill in and consent. " +
      "A job cannot, and must never hold a user's password to try: RFC 9700 says the password grant MUST NOT be used.",
    step: authorizeStep,
  });
  const refreshStep = await sendRecorded({
    title: "POST /oauth/token grant_type=refresh_token as the public sign-in client",
    method: "POST",
    url: `${setup.loginUrl}/oauth/token`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", client_id: setup.clientId, refresh_token: "" }).toString(),
    loginUrl: setup.loginUrl,
    fetch: send,
  });
  attempts.push({
    title: "Renew the token with a refresh token",
    outcome: "blocked",
    why:
      "Genesys gives PKCE (public) clients no refresh token: the refresh grant needs the client's secret, which a public client does not have. " +
      "The sign-in's token answer above has no refresh_token field, and the login host refuses the attempt.",
    step: refreshStep,
  });
  attempts.push({
    title: "Keep the token from an earlier sign-in for the job",
    outcome: "blocked",
    why: user?.expiresAt
      ? `Your token expires in ${hoursUntil(user.expiresAt)} (${new Date(user.expiresAt).toISOString()}). A run after that gets 401 and nothing can renew it without you. ` +
        "Storing people's tokens for background jobs also turns one person's access into a standing credential: the blast radius of a leak grows with every stored token."
      : "Tokens expire (Genesys: 5 minutes to 48 hours, 24 hours by default) and cannot be renewed without the person. " +
        "Storing people's tokens for background jobs also turns their access into a standing credential: the blast radius of a leak grows with every stored token.",
  });
  return attempts;
}

export async function runAtThreeAm(init: { origin: string; headers: Headers }): Promise<UnattendedRun> {
  const ranAt = new Date().toISOString();
  let clientCredentials: UnattendedRun["clientCredentials"];
  try {
    const summary = await runScheduledRefresh({ trigger: "3am-demo" });
    const trace = await readClientCredentialsTrace();
    clientCredentials = {
      ok: summary.ok,
      shared: summary.shared === true,
      views: summary.views.length,
      viewsOk: summary.views.filter((view) => view.ok).length,
      queues: summary.queues,
      apiCalls: summary.apiCalls,
      tokenRequests: summary.tokenRequests,
      durationMs: summary.durationMs,
      ...(summary.ok ? {} : { error: summary.views.find((view) => view.error)?.error ?? "the refresh failed" }),
      steps: trace?.steps.slice(0, 4) ?? [],
    };
  } catch (error) {
    clientCredentials = {
      ok: false,
      shared: false,
      views: 0,
      viewsOk: 0,
      queues: 0,
      apiCalls: 0,
      tokenRequests: 0,
      durationMs: 0,
      error: describeError(error),
      steps: [],
    };
  }
  const session = await readUserSession(init.headers).catch(() => null);
  return { ranAt, clientCredentials, userDelegated: await userDelegatedAttempts(init.origin, session?.user ?? null) };
}
