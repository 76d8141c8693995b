import "server-only";
/**
 * Recording a visitor's own "Sign in with Genesys Cloud" (authorization code + PKCE) for the
 * teaching page. Two moments, joined by an HttpOnly cookie holding a random trace id:
 *
 * 1. The start (the sign-in server action): the authorize URL the browser is sent to, with its
 *    `state` and `code_challenge`. Only a prefix of the state is kept, with its SHA-256.
 * 2. The callback (`/api/auth/callback/genesys`): the code and state the browser brought back,
 *    and, recorded inside the callback through an AsyncLocalStorage, the server's own back-channel
 *    exchanges (the code exchange, users/me). Here the app checks, for the page, what Auth.js
 *    and Genesys check for real: the state returned equals the state sent, and
 *    BASE64URL(SHA-256(code_verifier)) equals the code_challenge sent at the start.
 *
 * Everything is redacted and scrubbed of the code, verifier, state and token before storing.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomUUID } from "node:crypto";
import { describeExchange, redactToken, type Exchange, type ExchangeListener } from "@/lib/genesys";
import { readPkceTrace, savePkceTrace } from "./store";
import {
  describeApiCall,
  pickResponseHeaders,
  redactUrl,
  scrubSecrets,
  stepFromExchange,
  type BodyPolicy,
  type PkceTrace,
  type TraceStep,
} from "./trace";

/** The cookie that ties a visitor's browser to their sign-in trace. Holds a random id, nothing else. */
export const TRACE_COOKIE = "grants-trace";

type CallbackCapture = {
  exchanges: { exchange: Exchange; title: string }[];
  code?: string;
  verifier?: string;
  accessToken?: string;
  tokenFields?: string[];
  expiresIn?: number;
};

const capture = new AsyncLocalStorage<CallbackCapture>();

export function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");

/** Cookie names Auth.js set, without their values: where the state and verifier wait for the callback. */
function cookieNotes(names: readonly string[]): string | undefined {
  const shown = names.filter((name) => /authjs\.(pkce|state|callback-url|session-token)/.test(name));
  return shown.length ? shown.map((name) => `${name}=…(encrypted, HttpOnly)`).join("; ") : undefined;
}

/**
 * The start of a sign-in: stores a new trace and returns its id (for the cookie). `authorizeUrl`
 * is where the server action is about to redirect the browser.
 */
export async function recordSignInStart(init: {
  authorizeUrl: string;
  actionUrl: string;
  cookieNames: readonly string[];
  startedAt: number;
  durationMs: number;
}): Promise<string> {
  const url = new URL(init.authorizeUrl);
  const state = url.searchParams.get("state") ?? "";
  const id = randomUUID();
  const cookies = cookieNotes(init.cookieNames);
  const start: TraceStep = {
    channel: "front",
    from: "browser",
    to: "app",
    title:
      "You press “Sign in with Genesys Cloud”; the app makes a state and a code verifier, keeps them in encrypted cookies, and redirects",
    method: "POST",
    url: init.actionUrl,
    requestHeaders: {},
    status: 303,
    responseHeaders: { location: redactUrl(init.authorizeUrl), ...(cookies ? { "set-cookie": cookies } : {}) },
    at: new Date(init.startedAt).toISOString(),
    durationMs: init.durationMs,
    observed: true,
  };
  const trace: PkceTrace = {
    grant: "authorization_code_pkce",
    id,
    startedAt: start.at,
    outcome: "pending",
    steps: [start],
    state: { sent: redactToken(state), sentDigest: sha256Hex(state) },
    pkce: { method: url.searchParams.get("code_challenge_method") ?? "(none)", challenge: url.searchParams.get("code_challenge") ?? "" },
  };
  await savePkceTrace(scrubSecrets(trace, [state]));
  return id;
}

/** For the Genesys client that calls users/me inside the callback: records into the current capture. */
export function callbackExchangeListener(): ExchangeListener | undefined {
  const current = capture.getStore();
  if (!current) return undefined;
  return (exchange) => current.exchanges.push({ exchange, title: describeApiCall(exchange.method, exchange.url) });
}

/**
 * Auth.js's fetch for the code exchange, wrapped: inside a recorded callback it keeps the
 * exchange (redacted) and, in memory only until the callback ends, the code, verifier and token
 * the checks and the scrubbing need.
 */
export function recordingFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const current = capture.getStore();
    if (!current) return inner(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const requestHeaders = new Headers(init?.headers);
    const body = init?.body instanceof URLSearchParams ? init.body.toString() : typeof init?.body === "string" ? init.body : undefined;
    const form = new URLSearchParams(body ?? "");
    current.code = form.get("code") ?? current.code;
    current.verifier = form.get("code_verifier") ?? current.verifier;
    const startedAt = Date.now();
    const started = performance.now();
    const response = await inner(input, init);
    const text = await response.clone().text();
    try {
      const answer = JSON.parse(text) as Record<string, unknown>;
      if (typeof answer.access_token === "string") current.accessToken = answer.access_token;
      current.tokenFields = Object.keys(answer);
      if (typeof answer.expires_in === "number") current.expiresIn = answer.expires_in;
    } catch {
      // not JSON: the exchange shows the text
    }
    current.exchanges.push({
      title: "Code exchange: code + code_verifier + client_id, no secret (a public client)",
      exchange: describeExchange({
        kind: "token",
        method: init?.method ?? "GET",
        url,
        requestHeaders,
        ...(body !== undefined ? { requestBody: body } : {}),
        status: response.status,
        responseHeaders: response.headers,
        responseText: text,
        startedAt,
        durationMs: Math.round(performance.now() - started),
        attempt: 1,
      }),
    });
    return response;
  };
}

/**
 * Runs Auth.js's callback handling (`handle`) while recording it into the visitor's trace. Without
 * a trace (no cookie, expired, another instance's files) the callback simply runs.
 */
export async function recordCallback(init: {
  traceId: string | undefined;
  callbackUrl: string;
  /** The cookies the browser brought (names only): the state and verifier come back this way. */
  cookieNames: readonly string[];
  loginUrl: string;
  /** A real org's API answers (the visitor's profile, their queues) are summarised, not kept. */
  bodies: BodyPolicy;
  handle: () => Promise<Response>;
}): Promise<Response> {
  const trace = await readPkceTrace(init.traceId).catch(() => null);
  if (!trace || trace.outcome !== "pending") return init.handle();
  const captured: CallbackCapture = { exchanges: [] };
  const arrivedAt = Date.now();
  const started = performance.now();
  const response = await capture.run(captured, init.handle);
  const durationMs = Math.round(performance.now() - started);

  const callback = new URL(init.callbackUrl);
  const returnedState = callback.searchParams.get("state") ?? "";
  const code = callback.searchParams.get("code") ?? captured.code ?? "";
  const location = response.headers.get("location") ?? "";
  const failed = location.includes("error=") || response.status >= 400;
  const errorName = failed ? (new URL(location || "http://x/").searchParams.get("error") ?? `HTTP ${response.status}`) : undefined;
  const startStep = trace.steps[0]!;
  const broughtCookies = cookieNotes(init.cookieNames);
  const sessionCookies = cookieNotes(response.headers.getSetCookie().map((cookie) => cookie.slice(0, cookie.indexOf("=")).trim()));
  const authorizeUrl = startStep.responseHeaders.location ?? "";

  const steps: TraceStep[] = [
    startStep,
    {
      channel: "front",
      from: "browser",
      to: "login",
      title:
        "At Genesys Cloud: you sign in and consent; Genesys redirects back with a one-time code and the same state (the app does not see this step)",
      method: "GET",
      url: authorizeUrl,
      requestHeaders: {},
      status: 302,
      responseHeaders: { location: redactUrl(init.callbackUrl) },
      at: startStep.at,
      durationMs: Math.max(0, arrivedAt - Date.parse(startStep.at) - startStep.durationMs),
      observed: false,
    },
    {
      channel: "front",
      from: "browser",
      to: "app",
      title: "The browser brings the code and state to the app's callback; the app checks the state against its cookie",
      method: "GET",
      url: redactUrl(init.callbackUrl),
      requestHeaders: broughtCookies ? { cookie: broughtCookies } : {},
      status: response.status,
      responseHeaders: {},
      at: new Date(arrivedAt).toISOString(),
      durationMs,
      observed: true,
    },
    ...captured.exchanges.map(({ exchange, title }) => stepFromExchange(exchange, title, init.loginUrl, init.bodies)),
    {
      channel: "front",
      from: "app",
      to: "browser",
      title: failed
        ? "Sign-in refused: back to the sign-in page with the reason"
        : "Signed in: the token goes into the encrypted session cookie, never to the browser's JavaScript",
      method: "",
      url: redactUrl(location),
      requestHeaders: {},
      status: response.status,
      responseHeaders: { ...pickResponseHeaders(response.headers), ...(sessionCookies ? { "set-cookie": sessionCookies } : {}) },
      at: new Date(arrivedAt + durationMs).toISOString(),
      durationMs: 0,
      observed: true,
    },
  ];

  const computed = captured.verifier ? s256(captured.verifier) : undefined;
  const done: PkceTrace = {
    ...trace,
    completedAt: new Date().toISOString(),
    outcome: failed ? "failed" : "signed-in",
    ...(errorName ? { error: errorName } : {}),
    steps,
    state: { ...trace.state, returned: redactToken(returnedState), matched: sha256Hex(returnedState) === trace.state.sentDigest },
    pkce: {
      ...trace.pkce,
      ...(captured.verifier ? { verifier: redactToken(captured.verifier), verifierLength: captured.verifier.length } : {}),
      ...(computed ? { computed, matched: computed === trace.pkce.challenge } : {}),
    },
    ...(captured.tokenFields ? { tokenFields: captured.tokenFields } : {}),
    ...(captured.expiresIn !== undefined ? { expiresIn: captured.expiresIn } : {}),
  };
  await savePkceTrace(scrubSecrets(done, [code, captured.verifier, captured.accessToken, returnedState])).catch((error: unknown) =>
    console.warn(`[grants] the sign-in trace was not stored: ${(error as Error).message}`),
  );
  return response;
}
