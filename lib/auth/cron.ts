import "server-only";
/**
 * The cron route's bearer check. Fails closed: with no CRON_SECRET configured nothing passes.
 * Both sides are hashed before the constant-time comparison, so neither the secret's content
 * nor its length leaks through timing.
 */
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export function isAuthorizedCronRequest(authorization: string | null, cronSecret: string | undefined): boolean {
  if (!cronSecret) return false;
  const match = /^Bearer (.+)$/.exec(authorization ?? "");
  const presented = match?.[1] ?? "";
  // Compare even when the header is missing, so every refusal costs the same.
  const equal = timingSafeEqual(digest(presented), digest(cronSecret));
  return equal && presented.length > 0;
}
