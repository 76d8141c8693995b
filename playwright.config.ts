import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_AUTH_SECRET, E2E_CRON_SECRET } from "./e2e/constants";

// Debian's Chromium: Playwright cannot download its own browsers on these machines.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? "/usr/bin/chromium";
const port = Number(process.env.E2E_PORT ?? 3100);
// A fresh data directory per run (set once here, inherited by the workers that re-read this file).
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "dashboard-e2e-"));

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        },
      },
    },
  ],
  // The production build in simulator mode: no Genesys credentials, whatever the caller's shell has.
  webServer: {
    command: `npx next start --hostname 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      GENESYS_CLIENT_ID: "",
      GENESYS_CLIENT_SECRET: "",
      GENESYS_PKCE_CLIENT_ID: "",
      GENESYS_LOGIN_URL: "",
      GENESYS_API_URL: "",
      REDIS_URL: "",
      DATA_DIR: process.env.E2E_DATA_DIR,
      REPORT_TIME_ZONE: "UTC",
      CRON_SECRET: E2E_CRON_SECRET,
      // Sign-in: no AUTH_URL, as a newcomer runs it (the embedded simulator accepts the callback
      // of the origin the sign-in came to, on any port), and a fixed session key
      // (e2e/sign-in.spec.ts decrypts the cookie to find the token it looks for).
      AUTH_URL: "",
      AUTH_SECRET: E2E_AUTH_SECRET,
      DASHBOARD_ACCESS: "",
      SIM_REDIRECT_URIS: "",
      // Every test runs from one address: the viewers' budget (tested in vitest) out of the way.
      VIEWER_BUDGET_PER_MINUTE: "1000",
      VIEWER_BUDGET_PER_CLIENT_PER_MINUTE: "1000",
      // The embedded simulator's fault controls (/sim/__sim/*), for the failed-refresh test only.
      SIM_ADMIN: "1",
    },
  },
});
