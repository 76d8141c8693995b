import "server-only";
/**
 * Traces: the exchanges this app really made for each grant, as the teaching page (`/grants`)
 * shows them. Everything here is redacted *before* it is stored: secrets, tokens, codes and
 * verifiers keep a four-character prefix at most (enough to tell two apart, useless to anyone
 * else), Basic credentials and cookies nothing at all. Stored traces are read back through these
 * schemas, so a damaged or foreign entry is ignored rather than rendered.
 */
import { z } from "zod";
import { redactToken, type Exchange } from "@/lib/genesys";

/** Who talks to whom, in the sequence diagram's lanes. */
export const LANES = ["browser", "app", "login", "api"] as const;
export type Lane = (typeof LANES)[number];

export const traceStepSchema = z.object({
  /** Front channel: through the browser (redirects, visible to it and its extensions). Back: server to Genesys. */
  channel: z.enum(["front", "back"]),
  from: z.enum(LANES),
  to: z.enum(LANES),
  /** What this step is for, in words. */
  title: z.string(),
  method: z.string(),
  url: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string().optional(),
  /** 0 when no answer arrived. */
  status: z.number(),
  responseHeaders: z.record(z.string(), z.string()),
  /** The answer's start, compacted; long answers are cut (`…(N more characters)`). */
  responseBody: z.string().optional(),
  /**
   * Instead of the body, for answers that hold org data (queue names, counts) from a real org:
   * what came back, in a few words ("130 queues on page 1 of 2"). A page never shows such a body.
   */
  responseSummary: z.string().optional(),
  error: z.string().optional(),
  at: z.string(),
  durationMs: z.number(),
  /** The step happened where the app cannot see it (the user signing in at Genesys). */
  observed: z.boolean().default(true),
  note: z.string().optional(),
});
export type TraceStep = z.infer<typeof traceStepSchema>;

export const clientCredentialsTraceSchema = z.object({
  grant: z.literal("client_credentials"),
  recordedAt: z.string(),
  /** "cron" for the scheduled refresh; "3am-demo" when the teaching page ran it. */
  trigger: z.string(),
  ok: z.boolean(),
  durationMs: z.number(),
  apiCalls: z.number(),
  tokenRequests: z.number(),
  steps: z.array(traceStepSchema),
  /** Steps beyond the ones kept (a refresh makes one call per view). */
  omittedSteps: z.number().default(0),
  /** The last token request, from whichever refresh made it: later refreshes reuse its token. */
  lastTokenStep: traceStepSchema.optional(),
});
export type ClientCredentialsTrace = z.infer<typeof clientCredentialsTraceSchema>;

export const pkceTraceSchema = z.object({
  grant: z.literal("authorization_code_pkce"),
  id: z.string(),
  startedAt: z.string(),
  completedAt: z.string().optional(),
  outcome: z.enum(["pending", "signed-in", "failed"]),
  error: z.string().optional(),
  steps: z.array(traceStepSchema),
  state: z.object({
    sent: z.string(),
    /** SHA-256 of the state sent, so the callback's can be compared without keeping the value. */
    sentDigest: z.string(),
    returned: z.string().optional(),
    matched: z.boolean().optional(),
  }),
  pkce: z.object({
    method: z.string(),
    /** Public by design: it travels through the browser in the authorize URL. */
    challenge: z.string(),
    verifier: z.string().optional(),
    verifierLength: z.number().optional(),
    /** BASE64URL(SHA-256(verifier)), computed by this app from the verifier it sent. */
    computed: z.string().optional(),
    matched: z.boolean().optional(),
  }),
  /** What the token answer held, by field name: shows that no refresh_token came. */
  tokenFields: z.array(z.string()).optional(),
  expiresIn: z.number().optional(),
});
export type PkceTrace = z.infer<typeof pkceTraceSchema>;

const MAX_BODY = 1_200;
const SECRET_PARAMS = new Set([
  "code",
  "state",
  "code_verifier",
  "access_token",
  "refresh_token",
  "id_token",
  "client_secret",
  "token",
  "password",
]);
/** Answer headers worth teaching; the rest is noise on a phone screen. */
const SHOWN_RESPONSE_HEADERS = [
  "content-type",
  "location",
  "retry-after",
  "inin-ratelimit-count",
  "inin-ratelimit-allowed",
  "inin-ratelimit-reset",
  "inin-correlation-id",
  "set-cookie",
];

/** A URL with each credential-like query parameter cut to a prefix. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  for (const key of [...parsed.searchParams.keys()]) {
    if (!SECRET_PARAMS.has(key)) continue;
    parsed.searchParams.set(key, redactToken(parsed.searchParams.get(key) ?? ""));
    changed = true;
  }
  // The implicit grant put tokens in the fragment (`#access_token=…`): the same parameters there.
  if (parsed.hash.length > 1) {
    const fragment = new URLSearchParams(parsed.hash.slice(1));
    for (const key of [...fragment.keys()]) {
      if (!SECRET_PARAMS.has(key)) continue;
      fragment.set(key, redactToken(fragment.get(key) ?? ""));
      changed = true;
    }
    if (changed) parsed.hash = fragment.toString();
  }
  return changed ? decodeURI(parsed.href) : url;
}

/** A body as a short string: JSON compacted, anything long cut with a count of what was left out. */
export function compactBody(body: unknown): string | undefined {
  if (body === undefined || body === null || body === "") return undefined;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…(${text.length - MAX_BODY} more characters)` : text;
}

export function pickResponseHeaders(headers: Record<string, string> | Headers): Record<string, string> {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]);
  const out: Record<string, string> = {};
  for (const name of SHOWN_RESPONSE_HEADERS) {
    const value = get(name);
    if (value === null || value === undefined) continue;
    if (name === "set-cookie") out[name] = "…(redacted)";
    else out[name] = name === "location" ? redactUrl(value) : value;
  }
  return out;
}

/** The lane of a Genesys URL: the login host or the API host. */
export function laneOf(url: string, loginUrl: string): Lane {
  return url.startsWith(`${loginUrl}/oauth/`) || new URL(url).pathname.endsWith("/oauth/token") ? "login" : "api";
}

/**
 * What a recorder keeps of API answers: `keep` their bodies (the built-in simulator's made-up
 * org), or `summarise` them (a real org: its queue names, divisions and counts are not the
 * teaching page's to show).
 */
export type BodyPolicy = "keep" | "summarise";

function count(value: unknown): number | undefined {
  return Array.isArray(value) ? value.length : undefined;
}

/** A few words on an org-data answer: enough to follow the exchange, nothing of the data itself. */
export function summariseApiBody(url: string, body: unknown): string {
  if (body === undefined || body === null || body === "") return "(empty)";
  if (typeof body !== "object") return `(${String(body).length} characters of org data, not shown)`;
  const b = body as Record<string, unknown>;
  const path = new URL(url).pathname;
  if (path.includes("/routing/queues") && count(b.entities) !== undefined) {
    const page = typeof b.pageNumber === "number" && typeof b.pageCount === "number" ? ` on page ${b.pageNumber} of ${b.pageCount}` : "";
    return `${count(b.entities)} queues${page} (names and divisions not shown)`;
  }
  if (count(b.results) !== undefined) return `results for ${count(b.results)} groups (not shown)`;
  if (count(b.conversations) !== undefined || typeof b.totalHits === "number") {
    return `${count(b.conversations) ?? 0} conversations${typeof b.totalHits === "number" ? ` of ${b.totalHits}` : ""} (not shown)`;
  }
  if (typeof b.code === "string") return `error ${b.code}${typeof b.message === "string" ? `: ${b.message.slice(0, 160)}` : ""}`;
  return `an answer with ${Object.keys(b).length} fields (org data, not shown)`;
}

/** A back-channel step from a recorded exchange (already redacted by describeExchange). */
export function stepFromExchange(exchange: Exchange, title: string, loginUrl: string, bodies: BodyPolicy = "keep"): TraceStep {
  const requestBody = compactBody(exchange.requestBody);
  const orgData = bodies === "summarise" && exchange.kind === "api";
  const responseBody = orgData ? undefined : compactBody(exchange.responseBody);
  const responseSummary =
    orgData && exchange.responseBody !== undefined ? summariseApiBody(exchange.url, exchange.responseBody) : undefined;
  return {
    channel: "back",
    from: "app",
    to: exchange.kind === "token" ? "login" : laneOf(exchange.url, loginUrl),
    title,
    method: exchange.method,
    url: redactUrl(exchange.url),
    requestHeaders: exchange.requestHeaders,
    ...(requestBody !== undefined ? { requestBody } : {}),
    status: exchange.status,
    responseHeaders: pickResponseHeaders(exchange.responseHeaders),
    ...(responseBody !== undefined ? { responseBody } : {}),
    ...(responseSummary !== undefined ? { responseSummary } : {}),
    ...(exchange.error !== undefined ? { error: exchange.error } : {}),
    at: exchange.startedAt,
    durationMs: exchange.durationMs,
    observed: true,
  };
}

/**
 * The last line of defence: every occurrence of a known secret anywhere in a trace becomes its
 * prefix. Redaction by field name above should already have done it; this catches a value that
 * turned up somewhere unexpected (an error message echoing a code, a URL in a body).
 */
export function scrubSecrets<T>(value: T, secrets: readonly (string | undefined)[]): T {
  let text = JSON.stringify(value);
  for (const secret of secrets) {
    // Short strings would match innocent text; real secrets, tokens and codes are long.
    if (!secret || secret.length < 8) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      text = text.split(form).join(redactToken(secret));
    }
  }
  return JSON.parse(text) as T;
}

/** A human label for an API path: what the step was for. */
export function describeApiCall(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/^\/sim/, "");
  if (path.endsWith("/oauth/token")) return "Token request";
  if (path.includes("/analytics/conversations/aggregates/query")) return "Conversation aggregates query";
  if (path.includes("/routing/queues")) return "Queue names";
  if (path.endsWith("/users/me")) return "Who signed in (users/me)";
  if (path.endsWith("/tokens/me")) return method === "DELETE" ? "Revoke the token" : "Token information";
  return `${method} ${path}`;
}

/**
 * A stored client-credentials trace as a real org's page may show it: API answers' bodies
 * dropped (a trace recorded before bodies were summarised, or by an older version).
 */
export function withoutOrgBodies(trace: ClientCredentialsTrace): ClientCredentialsTrace {
  const strip = (step: TraceStep): TraceStep => {
    if (step.to !== "api" || step.responseBody === undefined) return step;
    const { responseBody: _dropped, ...rest } = step;
    return { ...rest, responseSummary: step.responseSummary ?? "(org data, not shown)" };
  };
  return { ...trace, steps: trace.steps.map(strip), ...(trace.lastTokenStep ? { lastTokenStep: strip(trace.lastTokenStep) } : {}) };
}
