import "server-only";
/**
 * The key that encrypts sign-in sessions (AUTH_SECRET). Production with a real org must set it
 * (lib/config/env.ts refuses to start otherwise). In simulator mode and in development a random
 * one is generated once per process, so `npm run dev` signs in with nothing to configure; the
 * price is that sessions do not survive a restart and are not shared between instances.
 */
import { randomBytes } from "node:crypto";
import type { AppConfig } from "@/lib/config/env";
import { processSingleton } from "@/lib/server/singleton";

export function authSecret(config: AppConfig): string {
  if (config.authSecret) return config.authSecret;
  // One per process: every route handler and server component must encrypt with the same key.
  return processSingleton("generated-auth-secret", () => {
    // The notice, never the value.
    console.info("[genesys-dashboard] AUTH_SECRET is not set: generated one for this process (sign-in sessions end when it restarts)");
    return randomBytes(32).toString("base64url");
  });
}
