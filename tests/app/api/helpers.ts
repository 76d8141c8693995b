import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { vi } from "vitest";

/** Globals the app keeps per process (see lib/config/connection.ts, lib/store/index.ts, lib/reports/snapshots.ts). */
const PROCESS_SINGLETONS = [
  "genesys-dashboard.embedded-simulator",
  "genesys-dashboard.snapshot-store",
  "genesys-dashboard.reporting-connection",
  "genesys-dashboard.generated-auth-secret",
];

/**
 * A fresh app process for one test: its own DATA_DIR, simulator and caches, configured by `env`
 * (simulator mode unless the test says otherwise).
 */
export async function freshApp(env: Record<string, string> = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "dashboard-test-"));
  vi.resetModules();
  for (const key of PROCESS_SINGLETONS) delete (globalThis as Record<symbol, unknown>)[Symbol.for(key)];
  const base = {
    GENESYS_CLIENT_ID: "",
    GENESYS_CLIENT_SECRET: "",
    GENESYS_LOGIN_URL: "",
    GENESYS_API_URL: "",
    GENESYS_PKCE_CLIENT_ID: "",
    REDIS_URL: "",
    DASHBOARD_ACCESS: "",
    CRON_SECRET: "",
    REPORT_TIME_ZONE: "UTC",
    DATA_DIR: dataDir,
  };
  for (const [key, value] of Object.entries({ ...base, ...env })) vi.stubEnv(key, value);
  const { getEmbeddedSimulator } = await import("@/lib/config/connection");
  return {
    dataDir,
    simulator: getEmbeddedSimulator(),
    cleanup: async () => {
      vi.unstubAllEnvs();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function get(url: string, headers: Record<string, string> = {}): Request {
  return new Request(new URL(url, "http://127.0.0.1:3000"), { headers });
}
