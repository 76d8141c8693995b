import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { queueReportSchema } from "@/lib/model/queue-report";
import { CSV_COLUMNS } from "@/lib/reports/format";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { npmScript } from "../support/cli";

const reportCli = npmScript("report");

// The command as a user runs it (`npm run report`), in simulator mode whatever the caller's shell has set.
function report(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return reportCli(args, {
    GENESYS_CLIENT_ID: "",
    GENESYS_CLIENT_SECRET: "",
    GENESYS_LOGIN_URL: "",
    GENESYS_API_URL: "",
    REPORT_TIME_ZONE: "UTC",
    ...extraEnv,
  });
}

describe("npm run report", () => {
  it("prints a QueueReport as JSON for a view", async () => {
    const { code, stdout } = await report(["--view", "last-24h", "--format", "json"]);
    expect(code).toBe(0);
    const parsed = queueReportSchema.parse(JSON.parse(stdout));
    expect(parsed.view).toBe("last-24h");
    expect(parsed.source).toEqual({ mode: "simulator", environment: "simulator", grant: "client_credentials" });
    expect(parsed.queues.length).toBeGreaterThanOrEqual(12);
    expect(parsed.queues.every((q) => q.series.length === 24)).toBe(true);
    expect(parsed.totals.offered).toBeGreaterThan(0);
  });

  it("prints a readable table by default, and CSV for spreadsheets", async () => {
    const table = await report(["--view", "today"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Queue report · today/);
    expect(table.stdout).toMatch(/All queues\s+\d+/);

    const csv = await report(["--interval", "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z", "--granularity", "PT1H", "--format", "csv"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines.at(-1)).toMatch(/^,All queues,\d+/);
  });

  it("writes --out atomically, leaving no temporary file behind", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "report-"));
    const out = path.join(dir, "report.json");
    await writeFile(out, "previous content");
    const { code, stdout } = await report(["--view", "last-7d", "--format", "json", "--out", out]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(queueReportSchema.parse(JSON.parse(await readFile(out, "utf8"))).view).toBe("last-7d");
    expect(await readdir(dir)).toEqual(["report.json"]);
  });

  it.each([
    [["--view", "yesterday"], /Allowed choices are today, last-24h, last-7d/],
    [["--format", "xml"], /Allowed choices are table, json, csv/],
    [["--view", "today", "--interval", "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z"], /either --view or --interval/],
    [["--interval", "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z"], /--interval needs --granularity/],
    [["--interval", "2026-11-02T00:00:00Z/2026-11-01T00:00:00Z", "--granularity", "PT1H"], /must end after it starts/],
    [["--interval", "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z", "--granularity", "hourly"], /not an ISO-8601 duration/],
    [["--media", "fax"], /unknown media type "fax"/],
    [["--time-zone", "Mars/Olympus"], /not an IANA time zone/],
    [["--bogus"], /unknown option '--bogus'/],
  ])("exits 2 with usage for bad arguments: %j", async (args, message) => {
    const { code, stdout, stderr } = await report(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Usage: report|--help for usage/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("reports on a real org given credentials and URL overrides (here a standalone simulator)", async () => {
    const server = await startSimulatorServer({ port: 0 });
    try {
      const { code, stdout } = await report(["--view", "last-24h", "--format", "json"], {
        GENESYS_CLIENT_ID: SIM_CLIENT_ID,
        GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
        GENESYS_LOGIN_URL: server.url,
        GENESYS_API_URL: server.url,
      });
      expect(code).toBe(0);
      const parsed = queueReportSchema.parse(JSON.parse(stdout));
      expect(parsed.source.mode).toBe("genesys");
      expect(parsed.source.grant).toBe("client_credentials");
      expect(server.sim.stats().tokenRequests).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("exits 1 with the reason when the org refuses the credentials, never printing the secret", async () => {
    const server = await startSimulatorServer({ port: 0 });
    try {
      const secret = "not-the-right-secret-1234";
      const { code, stdout, stderr } = await report(["--format", "json"], {
        GENESYS_CLIENT_ID: SIM_CLIENT_ID,
        GENESYS_CLIENT_SECRET: secret,
        GENESYS_LOGIN_URL: server.url,
        GENESYS_API_URL: server.url,
      });
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/report failed: .*invalid_client|report failed: .*refused/);
      expect(stderr).not.toContain(secret);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await server.close();
    }
  });

  it("exits 1 with the variable's name when the configuration is wrong", async () => {
    const { code, stderr } = await reportCli([], { GENESYS_CLIENT_ID: "only-the-id", GENESYS_CLIENT_SECRET: "" });
    expect(code).toBe(1);
    expect(stderr).toContain("GENESYS_CLIENT_SECRET is missing");
  });
});
