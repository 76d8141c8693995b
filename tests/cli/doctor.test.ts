/** `npm run doctor` as a person runs it: its output, `--json`, exit codes, and no secret anywhere. */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_CLIENT_ID, startSimulatorServer } from "@/lib/sim";
import { npmScript } from "../support/cli";

const runDoctorCli = npmScript("doctor");

let org: Awaited<ReturnType<typeof startSimulatorServer>>;
let dataDir: string;
beforeAll(async () => {
  org = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0 });
  dataDir = await mkdtemp(path.join(tmpdir(), "doctor-cli-"));
});
afterAll(async () => {
  await org?.close();
});

function doctor(args: string[], env: Record<string, string>) {
  // Whatever the caller's shell has set: only what each test gives.
  const base = {
    GENESYS_CLIENT_ID: "",
    GENESYS_CLIENT_SECRET: "",
    GENESYS_LOGIN_URL: "",
    GENESYS_API_URL: "",
    GENESYS_PKCE_CLIENT_ID: "",
    REDIS_URL: "",
    AUTH_URL: "",
    DATA_DIR: dataDir,
  };
  return runDoctorCli(args, { ...base, ...env });
}

describe("npm run doctor", () => {
  it("on the simulator: one line per check, the summary, exit 0", async () => {
    const { code, stdout, stderr } = await doctor([], { CRON_SECRET: "c".repeat(40), AUTH_SECRET: "a".repeat(40) });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^✓ Configuration +simulator mode/m);
    expect(stdout).toMatch(/^✓ Client credentials +a token from/m);
    expect(stdout.trim().split("\n").at(-1)).toBe("Ready: every check passed.");
  });

  it("with a wrong secret: exit 1, the fix under the ✗, and the secret nowhere in the output, text or JSON", async () => {
    const secret = "wrong-secret_value-with-dashes";
    const env = {
      GENESYS_CLIENT_ID: SIM_CLIENT_ID,
      GENESYS_CLIENT_SECRET: secret,
      GENESYS_LOGIN_URL: org.url,
      GENESYS_API_URL: org.url,
      DASHBOARD_ACCESS: "public",
    };
    const text = await doctor([], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^✗ Client credentials +the login service refused the credentials \(400 invalid_client/m);
    expect(text.stdout).toMatch(/^ +fix: GENESYS_CLIENT_ID or GENESYS_CLIENT_SECRET is wrong/m);
    const json = await doctor(["--json"], env);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ready: boolean; problems: number; checks: { id: string; status: string; fix?: string }[] };
    expect(report).toMatchObject({ ready: false, problems: 1 });
    expect(report.checks.find((c) => c.id === "token")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("GENESYS_CLIENT_SECRET"),
    });
    for (const output of [text.stdout, text.stderr, json.stdout, json.stderr]) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(Buffer.from(`${SIM_CLIENT_ID}:${secret}`).toString("base64"));
    }
  });

  it("bad arguments: exit 2 with the usage", async () => {
    const { code, stderr } = await doctor(["--bogus"], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option '--bogus'/);
    expect(stderr).toMatch(/Usage: doctor/);
  });
});
