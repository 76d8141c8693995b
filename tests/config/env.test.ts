import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/config/env";

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return "accepted";
}

describe("configuration", () => {
  it("runs the simulator, publicly, when no credentials are set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: "simulator", dashboardAccess: "public", reportTimeZone: "UTC", dataDir: ".data" });
    expect(config.genesys.region).toBe("us-east-1");
  });

  it("refuses one credential without the other, naming the missing variable", () => {
    expect(problems({ GENESYS_CLIENT_ID: "abc" })).toContain("GENESYS_CLIENT_SECRET is missing");
    expect(problems({ GENESYS_CLIENT_SECRET: "abc" })).toContain("GENESYS_CLIENT_ID is missing");
  });

  it("never makes a real org's data public by omission", () => {
    const real = { GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "secret" };
    expect(loadConfig(real).dashboardAccess).toBe("unconfigured");
    expect(loadConfig({ ...real, GENESYS_PKCE_CLIENT_ID: "pkce" }).dashboardAccess).toBe("signed-in");
    expect(loadConfig({ ...real, DASHBOARD_ACCESS: "public" }).dashboardAccess).toBe("public");
  });

  it("names the variable and the fix for each bad value, all at once", () => {
    const message = problems({
      REPORT_TIME_ZONE: "Mars/Olympus",
      DASHBOARD_ACCESS: "everyone",
      CRON_SECRET: "short",
      GENESYS_LOGIN_URL: "login.mypurecloud.ie",
      REDIS_URL: "localhost:6379",
    });
    expect(message).toContain("REPORT_TIME_ZONE must be an IANA time zone");
    expect(message).toContain('DASHBOARD_ACCESS must be "public" or "signed-in"');
    expect(message).toContain("CRON_SECRET must be at least 16 characters");
    expect(message).toContain("GENESYS_LOGIN_URL must be a full http(s) URL");
    expect(message).toContain("REDIS_URL must start with redis://");
  });

  it("requires AUTH_SECRET in production when sign-in is offered for a real org", () => {
    const env = { NODE_ENV: "production", GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "s", GENESYS_PKCE_CLIENT_ID: "p" };
    expect(problems(env)).toContain("AUTH_SECRET is required in production");
    expect(problems({ ...env, AUTH_SECRET: "x".repeat(32) })).toBe("accepted");
  });

  it("names GENESYS_REGION and the valid keys when the region is unknown", () => {
    const message = problems({ GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "s", GENESYS_REGION: "moon-1" });
    expect(message).toContain('GENESYS_REGION "moon-1"');
    expect(message).toContain("eu-west-1");
    expect(loadConfig({ GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "s", GENESYS_REGION: "eu_west_1" }).mode).toBe("genesys");
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ GENESYS_CLIENT_ID: "", GENESYS_CLIENT_SECRET: " " }).mode).toBe("simulator");
  });
});
