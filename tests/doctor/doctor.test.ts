/**
 * `npm run doctor` against a standalone simulator standing in for an org (real-credentials mode,
 * over HTTP), with every failure the doctor diagnoses reproduced there: each check's ✓ and ✗.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctor } from "@/lib/doctor/checks";
import { formatJson, formatText, type DoctorReport } from "@/lib/doctor/report";
import {
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_CODE_CLIENT_ID,
  SIM_CODE_CLIENT_SECRET,
  SIM_INACTIVE_CLIENT_ID,
  SIM_INACTIVE_CLIENT_SECRET,
  SIM_LIMITED_CLIENT_ID,
  SIM_LIMITED_CLIENT_SECRET,
  SIM_PKCE_CLIENT_ID,
  startSimulatorServer,
} from "@/lib/sim";
import { freePort } from "../support/ports";
import { startRedisServer, type TestRedis } from "../support/redis-server";

const APP = "http://127.0.0.1:3000";
const CRON_SECRET = "a-cron-secret-that-is-long-enough-0123456789";
const AUTH_SECRET = "an-auth-secret-that-is-long-enough-0123456789";
let org: Awaited<ReturnType<typeof startSimulatorServer>>;
let dataDir: string;

beforeAll(async () => {
  org = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0, redirectUris: [`${APP}/api/auth/callback/genesys`] });
  dataDir = await mkdtemp(path.join(tmpdir(), "doctor-"));
});
afterAll(async () => {
  await org?.close();
});

function orgEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    GENESYS_CLIENT_ID: SIM_CLIENT_ID,
    GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
    GENESYS_LOGIN_URL: org.url,
    GENESYS_API_URL: org.url,
    GENESYS_PKCE_CLIENT_ID: SIM_PKCE_CLIENT_ID,
    AUTH_URL: APP,
    AUTH_SECRET,
    CRON_SECRET,
    DATA_DIR: dataDir,
    REPORT_TIME_ZONE: "Europe/Dublin",
    ...extra,
  };
}

const check = (report: DoctorReport, id: string) => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

/** Neither the text nor the JSON form holds any of these. */
function expectNoSecrets(report: DoctorReport, secrets: string[]) {
  const printed = formatText(report) + formatJson(report);
  for (const secret of secrets) expect(printed).not.toContain(secret);
  expect(printed).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}|Bearer [A-Za-z0-9._-]{8,}/);
}

describe("npm run doctor against an org", () => {
  it("a healthy deployment: every check in order passes, and the report names the org, the queues and the redirect URI", async () => {
    const report = await runDoctor({ env: orgEnv() });
    expect(report.checks.map((c) => c.id)).toEqual([
      "config",
      "reach",
      "token",
      "identity",
      "permission.queues",
      "permission.aggregates",
      "permission.details",
      "permission.observations",
      "rate-limits",
      "sign-in",
      "cron-secret",
      "auth-secret",
      "store",
      "time-zone",
    ]);
    expect(report.checks.filter((c) => c.status !== "ok")).toEqual([]);
    expect(report.ready).toBe(true);
    expect(check(report, "config").found).toMatch(/genesys mode.*dashboard access signed-in \(a PKCE client is set\)/);
    expect(check(report, "reach").found).toMatch(/127\.0\.0\.1.*TCP \d+ ms/);
    expect(check(report, "token").found).toMatch(/expires_in 86399 s/);
    expect(check(report, "identity").found).toMatch(/org .+; OAuth client .+, grant CLIENT-CREDENTIALS/);
    expect(check(report, "permission.queues").found).toMatch(/^routing:queue:view: \d+ queues in .*Home/);
    expect(check(report, "sign-in").found).toContain(`register exactly ${APP}/api/auth/callback/genesys`);
    expect(formatText(report)).toMatch(/\nReady: every check passed\.\n$/);
    expectNoSecrets(report, [SIM_CLIENT_SECRET, CRON_SECRET, AUTH_SECRET]);
  });

  it("a wrong secret: ✗ with the exact fix, and every check that needs a token is skipped", async () => {
    const wrong = "not-the-secret_at-all-123";
    const report = await runDoctor({ env: orgEnv({ GENESYS_CLIENT_SECRET: wrong }) });
    const token = check(report, "token");
    expect(token.status).toBe("fail");
    expect(token.found).toMatch(/invalid_client/);
    expect(token.fix).toMatch(
      /GENESYS_CLIENT_ID or GENESYS_CLIENT_SECRET is wrong, or the client is inactive: in Genesys Cloud Admin > Integrations > OAuth/,
    );
    for (const id of ["identity", "permission.queues", "permission.details", "rate-limits"]) {
      expect(check(report, id)).toMatchObject({ status: "skipped", found: "skipped: needs Client credentials" });
    }
    expect(report.ready).toBe(false);
    expect(formatText(report)).toMatch(/\n1 problem to fix/);
    expectNoSecrets(report, [wrong]);
  });

  it("an inactive client is refused like a wrong secret, with the same fix", async () => {
    const report = await runDoctor({
      env: orgEnv({ GENESYS_CLIENT_ID: SIM_INACTIVE_CLIENT_ID, GENESYS_CLIENT_SECRET: SIM_INACTIVE_CLIENT_SECRET }),
    });
    expect(check(report, "token")).toMatchObject({ status: "fail", fix: expect.stringContaining("check it is active") });
    expectNoSecrets(report, [SIM_INACTIVE_CLIENT_SECRET]);
  });

  it("a client that is not a Client Credentials client: ✗ saying which kind of client to create", async () => {
    const report = await runDoctor({
      env: orgEnv({ GENESYS_CLIENT_ID: SIM_CODE_CLIENT_ID, GENESYS_CLIENT_SECRET: SIM_CODE_CLIENT_SECRET }),
    });
    expect(check(report, "token")).toMatchObject({
      status: "fail",
      found: expect.stringContaining("unauthorized_client"),
      fix: expect.stringContaining('Grant Type "Client Credentials"'),
    });
    expectNoSecrets(report, [SIM_CODE_CLIENT_SECRET]);
  });

  it("a client without one permission: that check is ✗ naming the permission from Genesys's 403, the others pass", async () => {
    const report = await runDoctor({
      env: orgEnv({ GENESYS_CLIENT_ID: SIM_LIMITED_CLIENT_ID, GENESYS_CLIENT_SECRET: SIM_LIMITED_CLIENT_SECRET }),
    });
    const details = check(report, "permission.details");
    expect(details.status).toBe("fail");
    expect(details.found).toMatch(/^403 missing\.permissions: .*analytics:conversationDetail:view/);
    expect(details.fix).toMatch(/give the OAuth client's role the permission analytics:conversationDetail:view/);
    for (const id of ["token", "identity", "permission.queues", "permission.aggregates", "permission.observations"])
      expect(check(report, id).status).toBe("ok");
    expect(report.problems).toBe(1);
    expectNoSecrets(report, [SIM_LIMITED_CLIENT_SECRET]);
  });

  it("a PKCE client whose registered redirect URI differs from the app's: ✗ with the exact URI to register", async () => {
    const report = await runDoctor({ env: orgEnv({ AUTH_URL: "https://dashboard.example.com" }) });
    const signIn = check(report, "sign-in");
    expect(signIn.status).toBe("fail");
    expect(signIn.found).toMatch(/answered 400: Redirect URI not registered/);
    expect(signIn.fix).toContain("register exactly https://dashboard.example.com/api/auth/callback/genesys as an Authorized redirect URI");
  });

  it("an unknown PKCE client: ✗ saying GENESYS_PKCE_CLIENT_ID is not a PKCE client of this org", async () => {
    const report = await runDoctor({ env: orgEnv({ GENESYS_PKCE_CLIENT_ID: "no-such-client" }) });
    expect(check(report, "sign-in")).toMatchObject({
      status: "fail",
      found: expect.stringContaining("Unknown application"),
      fix: expect.stringContaining("GENESYS_PKCE_CLIENT_ID must be the id"),
    });
  });

  it("an unreachable host: ✗ at Reaching Genesys before any credentials are tried, everything after it skipped", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const report = await runDoctor({ env: orgEnv({ GENESYS_LOGIN_URL: closed, GENESYS_API_URL: closed }) });
    expect(check(report, "reach")).toMatchObject({
      status: "fail",
      found: expect.stringMatching(/connect failed \(ECONNREFUSED\)/),
      fix: expect.stringContaining("nothing answers"),
    });
    for (const id of ["token", "identity", "permission.queues", "sign-in"])
      expect(check(report, id).found).toBe("skipped: needs Reaching Genesys");
  });

  it("a bad configuration: ✗ naming the variable, every other check skipped", async () => {
    const report = await runDoctor({ env: { GENESYS_CLIENT_ID: SIM_CLIENT_ID } });
    expect(check(report, "config")).toMatchObject({ status: "fail", found: expect.stringContaining("GENESYS_CLIENT_SECRET is missing") });
    expect(report.checks.slice(1).every((c) => c.status === "skipped" && c.found === "skipped: needs Configuration")).toBe(true);
  });

  it("real credentials with no PKCE client and no DASHBOARD_ACCESS: a warning that org data is withheld, and sign-in skipped", async () => {
    const report = await runDoctor({ env: orgEnv({ GENESYS_PKCE_CLIENT_ID: "", AUTH_URL: "" }) });
    expect(check(report, "config")).toMatchObject({
      status: "warn",
      found: expect.stringContaining("withheld"),
      fix: expect.stringContaining("DASHBOARD_ACCESS=public"),
    });
    expect(check(report, "sign-in")).toMatchObject({
      status: "skipped",
      found: expect.stringContaining("GENESYS_PKCE_CLIENT_ID is not set"),
    });
    expect(report.ready).toBe(true);
  });

  it("the app's own parts: a short cron secret, no AUTH_SECRET outside production, an unwritable data directory", async () => {
    // A directory below a regular file cannot exist (ENOTDIR), even for root.
    const aFile = path.join(dataDir, "a-file");
    await writeFile(aFile, "");
    const report = await runDoctor({
      env: orgEnv({ CRON_SECRET: "sixteen-chars-ok", AUTH_SECRET: "", NODE_ENV: "development", DATA_DIR: path.join(aFile, "data") }),
    });
    expect(check(report, "cron-secret")).toMatchObject({ status: "warn", fix: expect.stringContaining("openssl rand -hex 32") });
    expect(check(report, "auth-secret").status).toBe("warn");
    expect(check(report, "store")).toMatchObject({ status: "fail", fix: expect.stringContaining("DATA_DIR") });
    expect(check(report, "time-zone").found).toMatch(/^Europe\/Dublin: now \d{4}-\d\d-\d\d \d\d:\d\d \(UTC[+-]\d\d:\d\d\)/);
  });

  describe("with Redis", () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it("REDIS_URL answering PING is ✓ with its round trip; one that does not answer is ✗", async () => {
      const up = await runDoctor({ env: orgEnv({ REDIS_URL: redis.url }) });
      expect(check(up, "store")).toMatchObject({ status: "ok", found: expect.stringMatching(/Redis answers PING in \d+\.\d ms/) });
      const down = await runDoctor({ env: orgEnv({ REDIS_URL: `redis://:p4ssw0rd-in-url@127.0.0.1:${await freePort()}` }) });
      expect(check(down, "store")).toMatchObject({ status: "fail", fix: expect.stringContaining("check REDIS_URL") });
      expectNoSecrets(down, ["p4ssw0rd-in-url"]);
    });
  });
});

describe("npm run doctor on the built-in simulator", () => {
  it("runs every check against the simulator and is ready", async () => {
    const report = await runDoctor({ env: { DATA_DIR: dataDir, CRON_SECRET, AUTH_SECRET } });
    expect(check(report, "config").found).toMatch(/^simulator mode/);
    expect(check(report, "reach").found).toMatch(/in-process/);
    expect(report.checks.filter((c) => c.status !== "ok")).toEqual([]);
  });
});
