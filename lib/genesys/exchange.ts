import "server-only";

/**
 * One HTTP exchange with Genesys Cloud as the teaching page shows it. Built only through
 * `describeExchange`, which removes credentials: the Authorization header keeps its scheme and a
 * short token prefix, token responses keep a prefix of each token, form secrets are masked.
 */
export type Exchange = {
  /** Server-to-Genesys ("back channel"), as opposed to browser redirects. */
  channel: "back";
  kind: "token" | "api";
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: unknown;
  /** HTTP status; 0 when no answer arrived (see `error`). */
  status: number;
  responseHeaders: Record<string, string>;
  /** Parsed JSON, or the text truncated to a few kilobytes. */
  responseBody?: unknown;
  /** Why there is no answer: timeout or network failure. */
  error?: string;
  /** ISO-8601. */
  startedAt: string;
  durationMs: number;
  /** 1 for the first try of a request, 2 for its first retry, … */
  attempt: number;
};

export type ExchangeListener = (exchange: Exchange) => void;

const REDACTED = "…(redacted)";
const MAX_TEXT = 4_000;
// Fields of token requests and responses that are credentials in their own right, compared
// without case or separators (`access_token`, `accessToken`, `Access-Token` alike).
// `code` only in token exchanges (the authorization code): elsewhere it is an error's code.
const SECRET_FIELDS = new Set([
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "clientsecret",
  "codeverifier",
  "password",
  "assertion",
  "token",
  "secret",
]);
const normalised = (name: string) => name.toLowerCase().replace(/[_-]/g, "");
const isSecretField = (name: string, kind: Exchange["kind"] = "token") =>
  SECRET_FIELDS.has(normalised(name)) || (kind === "token" && normalised(name) === "code");
/** Nested objects and arrays are walked this deep; anything deeper is dropped, never shown raw. */
const MAX_DEPTH = 8;

/** `abcd…(redacted)`: enough to tell two tokens apart on the teaching page, useless to an attacker. */
export function redactToken(token: string): string {
  return `${token.slice(0, 4)}${REDACTED}`;
}

export function redactAuthorization(value: string): string {
  const [scheme, credential = ""] = value.split(/\s+/, 2);
  // Basic carries base64(id:secret): no prefix of it is safe to show.
  if (scheme?.toLowerCase() === "basic") return `Basic ${REDACTED}`;
  return `${scheme} ${redactToken(credential)}`;
}

function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name === "authorization") out[name] = redactAuthorization(value);
    else if (name === "cookie" || name === "set-cookie") out[name] = REDACTED;
    else out[name] = value;
  });
  return out;
}

function redactFields(value: unknown, kind: Exchange["kind"], depth = 0): unknown {
  if (!value || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, kind, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = isSecretField(key, kind) && typeof field === "string" ? redactToken(field) : redactFields(field, kind, depth + 1);
  }
  return out;
}

function describeRequestBody(body: string | undefined, contentType: string | null, kind: Exchange["kind"]): unknown {
  if (body === undefined || body === "") return undefined;
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    const params = new URLSearchParams(body);
    for (const key of [...params.keys()]) {
      if (isSecretField(key)) params.set(key, REDACTED);
    }
    return params.toString();
  }
  return redactFields(parseOrTruncate(body), kind);
}

function parseOrTruncate(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…(${text.length - MAX_TEXT} more characters)` : text;
  }
}

export function describeExchange(init: {
  kind: Exchange["kind"];
  method: string;
  url: string;
  requestHeaders: Headers;
  requestBody?: string;
  status: number;
  responseHeaders?: Headers;
  responseText?: string;
  error?: string;
  startedAt: number;
  durationMs: number;
  attempt: number;
}): Exchange {
  const responseBody = init.responseText === undefined ? undefined : parseOrTruncate(init.responseText);
  const exchange: Exchange = {
    channel: "back",
    kind: init.kind,
    method: init.method,
    url: init.url,
    requestHeaders: redactHeaders(init.requestHeaders),
    status: init.status,
    responseHeaders: init.responseHeaders ? redactHeaders(init.responseHeaders) : {},
    startedAt: new Date(init.startedAt).toISOString(),
    durationMs: init.durationMs,
    attempt: init.attempt,
  };
  const requestBody = describeRequestBody(init.requestBody, init.requestHeaders.get("content-type"), init.kind);
  if (requestBody !== undefined) exchange.requestBody = requestBody;
  // Token answers carry the token itself; any answer's credential-named fields, however nested
  // or spelled, are cut to a prefix.
  if (responseBody !== undefined) exchange.responseBody = redactFields(responseBody, init.kind);
  if (init.error !== undefined) exchange.error = init.error;
  return exchange;
}
