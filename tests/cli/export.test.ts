import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "@/lib/export/format";
import { checkpointSchema, exportPaths } from "@/lib/export/files";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { recentInterval, SIM_TEST_NOW, testClock } from "../genesys/sim-client";
import { scriptCommand } from "../support/cli";

const run = promisify(execFile);
const root = path.resolve(__dirname, "../..");

/** `npm run export` as package.json defines it (node, its flags, dist/cli/export.mjs), without npm in between. */
const command = scriptCommand("export");

/**
 * In simulator mode unless `extraEnv` points elsewhere, whatever the caller's shell has set; the
 * embedded simulator's clock starts at SIM_TEST_NOW, so `recentInterval()` has the same traffic
 * on every run.
 */
function envWith(extraEnv: Record<string, string>) {
  return {
    ...process.env,
    GENESYS_CLIENT_ID: "",
    GENESYS_CLIENT_SECRET: "",
    GENESYS_LOGIN_URL: "",
    GENESYS_API_URL: "",
    SIM_NOW: new Date(SIM_TEST_NOW).toISOString(),
    ...extraEnv,
  };
}

async function exportCli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command.bin, [...command.args, ...args], { cwd: root, env: envWith(extraEnv), timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const tempDir = () => mkdtemp(path.join(tmpdir(), "export-cli-"));
const idsOf = async (file: string) =>
  (await readFile(file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { conversationId: string }).conversationId);
const sorted = (ids: string[]) => [...ids].sort();

describe("npm run export: arguments", () => {
  const interval = "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z";
  it.concurrent.each([
    [[], /--interval START\/END is required/],
    [["--interval", "2026-11-01", "--out", "OUT"], /interval must be "START\/END"/],
    [["--interval", "2026-11-02T00:00:00Z/2026-11-01T00:00:00Z", "--out", "OUT"], /must end after it starts/],
    [["--interval", interval, "--out", "OUT", "--format", "xml"], /Allowed choices are ndjson, csv/],
    [["--interval", interval, "--out", "OUT", "--media", "voice,fax"], /unknown media type "fax"/],
    [["--interval", interval, "--out", "OUT", "--queue", "sales"], /"sales" is not a queue id/],
    [["--interval", interval], /--out FILE is required/],
    [["--interval", interval, "--out", "OUT", "--bogus"], /unknown option '--bogus'/],
    [["--interval", interval, "--out", "OUT", "extra"], /too many arguments/],
  ])("exits 2 with usage for %j", async (args, message) => {
    const dir = await tempDir();
    const { code, stdout, stderr } = await exportCli(args.map((a) => (a === "OUT" ? path.join(dir, "out.ndjson") : a)));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Usage: export|--help for usage/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(dir)).toEqual([]);
  });

  it("exits 1 with the reason when the org cannot be reached, leaving nothing behind", async () => {
    const dir = await tempDir();
    const { code, stdout, stderr } = await exportCli(["--interval", interval, "--out", path.join(dir, "out.ndjson")], {
      GENESYS_CLIENT_ID: "client",
      GENESYS_CLIENT_SECRET: "a-secret-value",
      GENESYS_LOGIN_URL: "http://127.0.0.1:1",
      GENESYS_API_URL: "http://127.0.0.1:1",
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^export failed: Genesys Cloud POST \/oauth\/token failed without an answer: .*ECONNREFUSED/m);
    expect(stderr).not.toContain("a-secret-value");
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(dir)).toEqual([]);
  });

  it("exports CSV from the built-in simulator; piped, it prints one summary line", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "calls.csv");
    const { code, stdout, stderr } = await exportCli([
      "--interval",
      recentInterval(3),
      "--format",
      "csv",
      "--media",
      "voice",
      "--out",
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    // Either API: the choice is by estimated time, and whether the speculative job (300 ms on the
    // simulator) is already done when the probe returns depends on the machine (tests/export/plan.test.ts).
    expect(stderr).toMatch(/^exported \d+ conversations \(csv, .* via (the details query|async jobs)/);
    const rows = (await readFile(out, "utf8")).split("\r\n").filter(Boolean);
    expect(rows[0]).toBe(CSV_COLUMNS.join(","));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.slice(1).every((row) => row.split(",")[4] === "voice")).toBe(true);
    expect(await readdir(dir)).toEqual(["calls.csv"]);
  });
});

describe("npm run export: interrupted and resumed (a standalone simulator as the org)", () => {
  let server: Awaited<ReturnType<typeof startSimulatorServer>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0, jobDelayMs: 0, now: testClock() });
    env = {
      GENESYS_CLIENT_ID: SIM_CLIENT_ID,
      GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
      GENESYS_LOGIN_URL: server.url,
      GENESYS_API_URL: server.url,
    };
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Starts the command, and once `ready` holds for its checkpoint, stops it with `signal`. */
  async function interrupt(
    args: string[],
    signal: NodeJS.Signals,
    ready: (c: ReturnType<typeof checkpointSchema.parse>) => boolean,
    afterMs = 0,
  ) {
    const child = spawn(command.bin, [...command.args, ...args], { cwd: root, env: envWith(env), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const { checkpoint } = exportPaths(args[args.indexOf("--out") + 1]!);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`no progress to interrupt: ${stderr}`);
      try {
        if (ready(checkpointSchema.parse(JSON.parse(await readFile(checkpoint, "utf8"))))) break;
      } catch {
        // not written yet, or being replaced
      }
      if (child.exitCode !== null) throw new Error(`finished before it could be interrupted: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, afterMs));
    // SIGKILL goes to the export's node process (its pid is in the lock), as the kernel's OOM
    // killer would. Ctrl-C goes to the process started, as a terminal's would.
    if (signal === "SIGKILL") process.kill(Number(readFileSync(exportPaths(args[args.indexOf("--out") + 1]!).lock, "utf8")), "SIGKILL");
    else child.kill(signal);
    return { code: await exited, stderr: () => stderr };
  }

  it("after kill -9, the same command continues where it stopped: every conversation once, as an uninterrupted export", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "all.ndjson");
    const args = ["--interval", recentInterval(72), "--out", out, "--api", "jobs"];
    server.sim.faults.set({ latencyMs: 150 });
    // Killed in the second of three daily chunks, with the first one checkpointed.
    await interrupt(args, "SIGKILL", (c) => c.done >= 1);
    const paths = exportPaths(out);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(paths.partial)).toBe(true);
    const stopped = checkpointSchema.parse(JSON.parse(await readFile(paths.checkpoint, "utf8")));

    // A different command is not allowed to continue it.
    const other = await exportCli([...args.slice(0, 4), "--format", "csv"], env);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/all\.ndjson\.partial is an unfinished export with other arguments \(--format was ndjson, now csv\)/);

    server.sim.faults.set({ latencyMs: 0 });
    const resumed = await exportCli(args, env);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resumed after ${stopped.count}`));
    expect(await readdir(dir)).toEqual(["all.ndjson"]);
    const ids = await idsOf(out);
    expect(new Set(ids).size).toBe(ids.length);

    const again = path.join(dir, "again.ndjson");
    expect((await exportCli(["--interval", args[1]!, "--out", again, "--api", "jobs"], env)).code).toBe(0);
    expect(sorted(ids)).toEqual(sorted(await idsOf(again)));
  });

  it("on Ctrl-C (SIGINT) it stops cleanly with exit 130 and resumes from its checkpoint", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "q.ndjson");
    const args = ["--interval", recentInterval(24), "--out", out, "--api", "query"];
    server.sim.faults.set({ latencyMs: 60 });
    const stopped = await interrupt(args, "SIGINT", () => true, 700);
    server.sim.faults.set({ latencyMs: 0 });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr()).toMatch(/interrupted: \d+ conversations are safe in q\.ndjson\.partial; run the same command to resume/);
    expect(existsSync(exportPaths(out).lock)).toBe(false);
    const resumed = await exportCli(args, env);
    expect(resumed.code).toBe(0);
    const ids = await idsOf(out);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(1000);
  });
});
