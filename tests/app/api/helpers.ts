import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { vi } from "vitest";

/**
 * A fresh app process for one test: its own DATA_DIR, simulator and caches, configured by `env`
 * (simulator mode unless the test says otherwise).
 */
export async function freshApp(env: Record<string, string> = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "dashboard-test-"));
  vi.resetModules();
  // The app's process-wide state (simulator, store, connection, generated secret) starts afresh.
  (await import("@/lib/server/singleton")).resetProcessSingletons();
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
  const { getEmbeddedSimulator } = await import("@/lib/server/embedded-simulator");
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
