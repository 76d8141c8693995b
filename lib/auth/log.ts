/**
 * What sign-in failures write to the server log. Auth.js error messages can carry what a visitor
 * sent: `InvalidCallbackUrl` says "Invalid callback URL. Received: <callbackUrl>"
 * (node_modules/@auth/core/lib/utils/assert.js). Written as is, a callbackUrl holding CR/LF or
 * terminal escapes forges log lines or rewrites a terminal (OWASP, "Log Injection":
 * https://owasp.org/www-community/attacks/Log_Injection), and a long one fills the log. So every
 * piece taken from an error is escaped and truncated, in one pass over it (no regular expression:
 * nothing here can backtrack on a crafted input).
 */

/** The longest piece of an error (its message, its cause's) that goes into a log line. */
export const MAX_LOG_PIECE = 200;

const ESCAPES: Record<number, string> = { 0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r" };

/**
 * `value` as one printable line of at most `max` characters (then "…"): control characters (C0,
 * DEL, C1) and the Unicode line and paragraph separators are written as escapes (`\n`, `\r`, `\t`,
 * `\u001b`), so they show in the log instead of acting on it.
 */
export function safeLogText(value: unknown, max = MAX_LOG_PIECE): string {
  const text = typeof value === "string" ? value : String(value);
  let out = "";
  let count = 0;
  for (const char of text) {
    if (count >= max) return `${out}…`;
    const code = char.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      out += ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, "0")}`;
    } else {
      out += char;
    }
    count++;
  }
  return out;
}

const READ_MORE = "Read more at ";

/**
 * Auth.js ends its messages with ". Read more at https://errors.authjs.dev#…"
 * (node_modules/@auth/core/errors.js): dropped, found by position rather than by a pattern.
 */
export function withoutReadMore(message: string): string {
  const at = message.lastIndexOf(READ_MORE);
  if (at < 0) return message.trim();
  const url = message.slice(at + READ_MORE.length);
  if (url === "" || hasWhitespace(url)) return message.trim();
  let end = at;
  while (end > 0 && isWhitespace(message.charCodeAt(end - 1))) end--;
  if (end > 0 && message[end - 1] === ".") end--;
  return message.slice(0, end).trim();
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function hasWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isWhitespace(text.charCodeAt(i))) return true;
  return false;
}

/**
 * The log line for an Auth.js error: what failed and why, never a cookie, code or token. By
 * `type` and message, not class name: the production bundle minifies class names.
 */
export function authErrorLogLine(error: Error): string {
  const type = (error as Error & { type?: unknown }).type;
  const cause = (error.cause as { err?: unknown } | undefined)?.err;
  let why = "";
  if (cause instanceof Error) {
    // oauth4webapi's ResponseBodyError carries the server's OAuth error (e.g. invalid_grant).
    const oauth = cause as Error & { error?: unknown; error_description?: unknown };
    const description = typeof oauth.error_description === "string" ? ` (${safeLogText(oauth.error_description)})` : "";
    const detail = typeof oauth.error === "string" ? `: ${safeLogText(oauth.error, 64)}${description}` : "";
    why = ` because ${safeLogText(cause.message)}${detail}`;
  }
  const message = safeLogText(withoutReadMore(typeof error.message === "string" ? error.message : ""));
  const name = safeLogText(typeof type === "string" ? type : error.name, 64);
  return `[auth] ${name}${message ? `: ${message}` : ""}${why}`;
}

/** The log line for an Auth.js warning (its code). */
export function authWarningLogLine(code: unknown): string {
  return `[auth] warning: ${safeLogText(code, 64)}`;
}
