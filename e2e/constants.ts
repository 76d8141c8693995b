/** The cron bearer the browser tests' server runs with, so the tests can trigger refreshes. */
export const E2E_CRON_SECRET = "e2e-cron-secret-0123456789abcdef";
