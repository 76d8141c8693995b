import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import {
  E2E_AUTH_SECRET,
  E2E_CRON_SECRET,
  E2E_ORG_PORT,
  E2E_RECEIVER_PORT,
  E2E_UNCONFIGURED_PORT,
  E2E_WEBHOOK_SECRET,
} from "./e2e/constants";

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
  webServer: [
    // The production build in simulator mode: no Genesys credentials, whatever the caller's shell has.
    {
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
        // One alert rule (on a queue no other test names) sent, signed, to the receiver below.
        ALERT_RULES: "e2e/alerts.json",
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${E2E_RECEIVER_PORT}/hook`,
        ALERT_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      },
    },
    {
      command: `node e2e/webhook-receiver.mjs ${E2E_RECEIVER_PORT}`,
      url: `http://127.0.0.1:${E2E_RECEIVER_PORT}/received`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    // A standalone simulator standing in for a real org, and the production build pointed at it
    // with real credentials and DASHBOARD_ACCESS undecided (e2e/unconfigured.spec.ts).
    {
      command: `npx tsx cli/sim.ts --port ${E2E_ORG_PORT}`,
      url: `http://127.0.0.1:${E2E_ORG_PORT}/api/v2/routing/queues`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx next start --hostname 127.0.0.1 --port ${E2E_UNCONFIGURED_PORT}`,
      url: `http://127.0.0.1:${E2E_UNCONFIGURED_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        GENESYS_CLIENT_ID: "sim-reporting-client",
        GENESYS_CLIENT_SECRET: "sim-reporting-secret",
        GENESYS_LOGIN_URL: `http://127.0.0.1:${E2E_ORG_PORT}`,
        GENESYS_API_URL: `http://127.0.0.1:${E2E_ORG_PORT}`,
        GENESYS_PKCE_CLIENT_ID: "",
        DASHBOARD_ACCESS: "",
        REDIS_URL: "",
        DATA_DIR: `${process.env.E2E_DATA_DIR}/unconfigured`,
        REPORT_TIME_ZONE: "UTC",
        AUTH_URL: "",
        AUTH_SECRET: E2E_AUTH_SECRET,
      },
    },
  ],
});
