/**
 * Sending one transition to one destination. Destination URLs come only from the server's
 * configuration (never from a request). Each attempt has a 5 s timeout and follows no redirect (a
 * redirect could carry an org's figures somewhere the deployer did not choose). 5xx answers and
 * network errors are retried with exponential backoff and full jitter; a 429 waits for its
 * `Retry-After`; any other 4xx is final. After the last attempt the failure is recorded and shown.
 */
import { signature, slackBody, teamsBody, webhookBody } from "./payloads";
import type { AlertTransition, Delivery, DestinationKind } from "./transition";

export type Destination = { kind: DestinationKind; url: string; secret?: string };

export type DeliveryOptions = {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  attempts?: number;
  timeoutMs?: number;
  /** First backoff; doubles per attempt, at most `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
};

export const DELIVERY_ATTEMPTS = 5;
const MAX_RETRY_AFTER_MS = 60_000;

function request(destination: Destination, transition: AlertTransition): { body: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "genesys-queue-dashboard-alerts" };
  if (destination.kind === "slack") return { body: slackBody(transition), headers };
  if (destination.kind === "teams") return { body: teamsBody(transition), headers };
  const body = webhookBody(transition);
  if (destination.secret) headers["X-Alert-Signature"] = signature(body, destination.secret);
  return { body, headers: { ...headers, "X-Alert-Id": transition.id } };
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3), capped; null when absent or unreadable. */
function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : null;
}

type Attempt = { done: true; error?: string } | { done: false; error: string; waitMs?: number };

async function attempt(destination: Destination, transition: AlertTransition, options: DeliveryOptions): Promise<Attempt> {
  const { body, headers } = request(destination, transition);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(destination.url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (error) {
    const name = (error as Error).name;
    return { done: false, error: name === "TimeoutError" ? "no answer within 5 s" : `network error (${(error as Error).message})` };
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return { done: true };
  if (response.status === 429) {
    return { done: false, error: "HTTP 429", waitMs: retryAfterMs(response.headers.get("retry-after"), Date.now()) ?? undefined };
  }
  if (response.status >= 500) return { done: false, error: `HTTP ${response.status}` };
  if (response.status >= 300 && response.status < 400) return { done: true, error: `HTTP ${response.status} (redirects are not followed)` };
  return { done: true, error: `HTTP ${response.status}` };
}

export async function deliver(destination: Destination, transition: AlertTransition, options: DeliveryOptions = {}): Promise<Delivery> {
  const attempts = options.attempts ?? DELIVERY_ATTEMPTS;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  let error = "not attempted";
  for (let n = 1; n <= attempts; n++) {
    const result = await attempt(destination, transition, options);
    const at = new Date().toISOString();
    if (result.done) {
      return result.error
        ? { destination: destination.kind, status: "failed", attempts: n, at, error: result.error }
        : { destination: destination.kind, status: "delivered", attempts: n, at };
    }
    error = result.error;
    if (n === attempts) break;
    const backoff = Math.min(options.maxBackoffMs ?? 30_000, (options.backoffMs ?? 1_000) * 2 ** (n - 1));
    await sleep(result.waitMs ?? Math.round(random() * backoff));
  }
  return {
    destination: destination.kind,
    status: "failed",
    attempts,
    at: new Date().toISOString(),
    error: `${error}, after ${attempts} attempts`,
  };
}
