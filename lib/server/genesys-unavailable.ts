import "server-only";
/**
 * The 502 a route answers when Genesys Cloud failed it. The body says only that Genesys Cloud
 * could not be reached, and the correlation id Genesys gave (what its support asks for): never the
 * host, the URL, the path or the underlying error's text, which would tell any caller how the
 * deployment is wired (OWASP, "Improper Error Handling":
 * https://owasp.org/www-community/Improper_Error_Handling). The server log keeps the details,
 * from `describeError`, which never includes a token or secret (lib/genesys/describe-error.ts).
 */
import { describeError } from "@/lib/genesys/describe-error";
import { jsonError, noStore } from "./responses";

export const GENESYS_UNAVAILABLE_MESSAGE = "Genesys Cloud could not be reached. Try again in a moment.";

/** Genesys's correlation ids are UUIDs; anything else is not echoed back. */
const CORRELATION_ID = /^[A-Za-z0-9-]{1,64}$/;

export function correlationIdOf(error: unknown): string | undefined {
  const id = (error as { correlationId?: unknown } | null)?.correlationId;
  return typeof id === "string" && CORRELATION_ID.test(id) ? id : undefined;
}

/** The log line on one line: control characters (CR, LF, ESC, …) become spaces. */
function oneLine(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    out += code < 0x20 || code === 0x7f ? " " : char;
  }
  return out;
}

/**
 * A refused token request is the deployment's configuration, not an outage: said so (its OAuth
 * error code, e.g. invalid_client, and where to look), still without hosts or the secret.
 */
export const CREDENTIALS_REFUSED_MESSAGE = "Genesys Cloud refused this dashboard's client credentials";

function isTokenRefusal(error: unknown): error is { name: string; error?: string } {
  // By name: Next.js may bundle lib/genesys more than once, so instanceof can miss.
  return error instanceof Error && error.name === "GenesysAuthError";
}

/** The same sentence for a page or a server action, the details to the log only. */
export function genesysUnavailableText(error: unknown, where: string, logger: Pick<Console, "warn"> = console): string {
  const correlationId = correlationIdOf(error);
  logger.warn(oneLine(`[${where}] Genesys Cloud could not be reached: ${describeError(error)}`));
  if (isTokenRefusal(error)) {
    const code = typeof error.error === "string" && /^[a-z_]{1,40}$/.test(error.error) ? ` (${error.error})` : "";
    return `${CREDENTIALS_REFUSED_MESSAGE}${code}. The deployer can run npm run doctor to see why.`;
  }
  return correlationId ? `${GENESYS_UNAVAILABLE_MESSAGE} Correlation id: ${correlationId}.` : GENESYS_UNAVAILABLE_MESSAGE;
}

export function genesysUnavailableResponse(error: unknown, where: string, logger: Pick<Console, "warn"> = console): Response {
  return jsonError(502, "genesys_unavailable", genesysUnavailableText(error, where, logger), undefined, noStore);
}
