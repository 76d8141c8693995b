import "server-only";
/**
 * The key that encrypts sign-in sessions (AUTH_SECRET). Production with a real org must set it
 * (lib/config/env.ts refuses to start otherwise). In simulator mode and in development a random
 * one is generated once per process, so `npm run dev` signs in with nothing to configure; the
 * price is that sessions do not survive a restart and are not shared between instances.
 */
import { randomBytes } from "node:crypto";
import type { AppConfig } from "@/lib/config/env";

// On globalThis: Next.js may load this module more than once per process (route handlers,
// server components, instrumentation), and every copy must encrypt with the same key.
const globalKey = Symbol.for("genesys-dashboard.generated-auth-secret");
type GlobalWithSecret = typeof globalThis & { [globalKey]?: string };

export function authSecret(config: AppConfig): string {
  if (config.authSecret) return config.authSecret;
  const g = globalThis as GlobalWithSecret;
  if (!g[globalKey]) {
    g[globalKey] = randomBytes(32).toString("base64url");
    // The notice, never the value.
    console.info("[genesys-dashboard] AUTH_SECRET is not set: generated one for this process (sign-in sessions end when it restarts)");
  }
  return g[globalKey];
}
