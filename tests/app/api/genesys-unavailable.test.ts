/**
 * A 502 tells the caller that Genesys Cloud could not be reached, and nothing about where the
 * deployment points: no host, URL, path or underlying error text. The server log keeps them.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { GenesysApiError } from "@/lib/genesys/errors";
import { genesysUnavailableResponse } from "@/lib/server/genesys-unavailable";
import { freePort } from "../../support/ports";
import { freshApp, get } from "./helpers";

let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
  vi.restoreAllMocks();
});

const SECRET = "a-client-secret-never-logged";

describe("502 answers", () => {
  it("a refused token request says the credentials were refused and how to find out why, without the secret or the host", async () => {
    const { startSimulatorServer, SIM_CLIENT_ID } = await import("@/lib/sim");
    const org = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0 });
    try {
      app = await freshApp({
        GENESYS_CLIENT_ID: SIM_CLIENT_ID,
        GENESYS_CLIENT_SECRET: SECRET,
        GENESYS_LOGIN_URL: org.url,
        GENESYS_API_URL: org.url,
        DASHBOARD_ACCESS: "public",
      });
      vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const { GET } = await import("@/app/api/reports/queues/route");
      const response = await GET(get("/api/reports/queues?interval=2026-11-01T00:00:00Z/2026-11-02T00:00:00Z&granularity=PT1H"));
      expect(response.status).toBe(502);
      const text = await response.text();
      expect(JSON.parse(text).error.message).toBe(
        "Genesys Cloud refused this dashboard's client credentials (invalid_client). The deployer can run npm run doctor to see why.",
      );
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(new URL(org.url).port);
    } finally {
      await org.close();
    }
  });

  it("an on-demand report while Genesys is unreachable: says so, without host, port, URL or error text", async () => {
    const port = await freePort(); // nothing listens there
    const base = `http://127.0.0.1:${port}`;
    app = await freshApp({
      GENESYS_CLIENT_ID: "a-client-id",
      GENESYS_CLIENT_SECRET: SECRET,
      GENESYS_LOGIN_URL: base,
      GENESYS_API_URL: base,
      DASHBOARD_ACCESS: "public",
    });
    const warnings: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args.join(" ")));
    const { GET } = await import("@/app/api/reports/queues/route");
    const response = await GET(get("/api/reports/queues?interval=2026-11-01T00:00:00Z/2026-11-02T00:00:00Z&granularity=PT1H"));
    expect(response.status).toBe(502);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    const { error } = JSON.parse(text);
    expect(error.code).toBe("genesys_unavailable");
    expect(error.message).toMatch(/^Genesys Cloud could not be reached\b/);
    for (const leak of ["127.0.0.1", String(port), "http", "/oauth", "token", "ECONNREFUSED", "fetch failed", SECRET]) {
      expect(text).not.toContain(leak);
    }
    // The server log has what an operator needs, on one line and without the secret.
    const logged = warnings.find((line) => line.includes("Genesys Cloud could not be reached"));
    expect(logged).toMatch(/POST \/oauth\/token/);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toMatch(/[\r\n]/);
  });

  it("names Genesys's correlation id, and nothing else of the error", () => {
    const error = new GenesysApiError({
      method: "POST",
      path: "/api/v2/analytics/conversations/aggregates/query",
      status: 503,
      body: { code: "service.unavailable", message: "internal-host-17.example: upstream\r\nX-Injected: 1" },
      correlationId: "2f0b0c1e-8a52-4a57-9f61-0d3c1c8f9a11",
    });
    const warn = vi.fn();
    const response = genesysUnavailableResponse(error, "reports", { warn });
    expect(response.status).toBe(502);
    return response.json().then(({ error: body }) => {
      expect(body.message).toBe(
        "Genesys Cloud could not be reached. Try again in a moment. Correlation id: 2f0b0c1e-8a52-4a57-9f61-0d3c1c8f9a11.",
      );
      expect(warn.mock.calls[0]![0]).toContain("internal-host-17.example: upstream  X-Injected: 1");
      expect(warn.mock.calls[0]![0]).not.toMatch(/[\r\n]/);
    });
  });

  it("does not echo a correlation id that is not an id", async () => {
    const response = genesysUnavailableResponse({ correlationId: "<script>alert(1)</script>" }, "reports", { warn: () => {} });
    expect((await response.json()).error.message).toBe("Genesys Cloud could not be reached. Try again in a moment.");
  });
});
