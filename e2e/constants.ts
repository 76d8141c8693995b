/** The cron bearer the browser tests' server runs with, so the tests can trigger refreshes. */
export const E2E_CRON_SECRET = "e2e-cron-secret-0123456789abcdef";
/**
 * The session-encryption key the browser tests' server runs with: fixed, so the sign-in tests can
 * open the session cookie and learn the access token they then look for in pages and storage.
 */
export const E2E_AUTH_SECRET = "e2e-auth-secret-0123456789abcdef0123456789abcdef";

/** A standalone simulator standing in for a real org, and an app pointed at it with DASHBOARD_ACCESS unset. */
export const E2E_ORG_PORT = Number(process.env.E2E_ORG_PORT ?? 3197);
export const E2E_UNCONFIGURED_PORT = Number(process.env.E2E_UNCONFIGURED_PORT ?? 3101);

/** The local receiver of the browser tests' alerts, and the secret they are signed with. */
export const E2E_RECEIVER_PORT = Number(process.env.E2E_RECEIVER_PORT ?? 3199);
export const E2E_WEBHOOK_SECRET = "e2e-webhook-secret-0123456789abcdef";
