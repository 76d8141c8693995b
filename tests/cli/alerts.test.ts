import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileSnapshotStore } from "@/lib/store";
import { report } from "../store/snapshot-store-contract";
import { npmScript } from "../support/cli";
import { SIM_TEST_NOW } from "../genesys/sim-client";

const alerts = npmScript("alerts");
let dir: string;
let rulesFile: string;
const RULES = {
  rules: [
    { id: "sl-low", metric: "serviceLevel", source: "today", op: "<", threshold: 0.8, for: "PT30M", minOffered: 10 },
    { id: "abandons", metric: "abandonRate", source: "last-24h", op: ">", threshold: 0.08 },
    { id: "waits", metric: "longestWaitingSeconds", source: "live", op: ">", threshold: 120 },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "alerts-cli-"));
  rulesFile = path.join(dir, "alerts.json");
  await writeFile(rulesFile, JSON.stringify(RULES));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** In simulator mode on the fixed test clock, whatever the caller's shell has set. */
const env = (extra: Record<string, string> = {}) => ({
  GENESYS_CLIENT_ID: "",
  GENESYS_CLIENT_SECRET: "",
  REDIS_URL: "",
  REPORT_TIME_ZONE: "UTC",
  SIM_NOW: new Date(SIM_TEST_NOW).toISOString(),
  ALERT_RULES: rulesFile,
  DATA_DIR: path.join(dir, "data"),
  ...extra,
});

describe("npm run alerts -- --dry-run", () => {
  it("replays an interval of the org and prints each transition it would have sent, sending nothing", async () => {
    const { code, stdout, stderr } = await alerts(
      ["--dry-run", "--interval", "2026-11-25T00:00:00Z/2026-11-26T00:00:00Z", "--json"],
      env(),
    );
    expect(code).toBe(0);
    const transitions = JSON.parse(stdout) as { at: string; state: string; ruleId: string; value: number; threshold: number }[];
    expect(transitions.length).toBeGreaterThan(0);
    for (const t of transitions) {
      expect(t.at >= "2026-11-25T00:15:00.000Z" && t.at <= "2026-11-26T00:00:00.000Z").toBe(true);
      if (t.state === "firing" && t.ruleId === "sl-low") expect(t.value).toBeLessThan(t.threshold);
      if (t.state === "firing" && t.ruleId === "abandons") expect(t.value).toBeGreaterThan(t.threshold);
    }
    expect(stderr).toMatch(/nothing was sent; 1 live rules not replayed \(waits\)/);
  });

  it("replays the stored snapshots in time order", async () => {
    const store = new FileSnapshotStore(path.join(dir, "data"));
    const low = report("today", "2026-11-26T10:00:00.000Z", 50);
    low.queues[0]!.totals = { ...low.queues[0]!.totals, serviceLevel: 0.5 };
    const later = report("today", "2026-11-26T10:45:00.000Z", 60);
    later.queues[0]!.totals = { ...later.queues[0]!.totals, serviceLevel: 0.55 };
    const fine = report("today", "2026-11-26T11:30:00.000Z", 80);
    fine.queues[0]!.totals = { ...fine.queues[0]!.totals, serviceLevel: 0.95 };
    for (const r of [low, later, fine]) await store.save("today", r);
    const { code, stdout } = await alerts(["--dry-run"], env());
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toEqual([
      "2026-11-26 10:45Z  FIRING    sl-low           Sales                    serviceLevel 55.0 % (< 80.0 %)",
      "2026-11-26 11:30Z  RESOLVED  sl-low           Sales                    serviceLevel 95.0 % (< 80.0 %)",
    ]);
  });

  it.each([
    [[], /only --dry-run is supported/],
    [["--dry-run", "--interval", "2026-11-26T00:00:00Z"], /START\/END/],
    [["--dry-run", "--bogus"], /unknown option/],
  ])("exits 2 with usage for %j", async (args, message) => {
    const { code, stderr } = await alerts(args, env());
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("exits 2 naming the rule and the field of a bad rules file", async () => {
    const bad = path.join(dir, "bad.json");
    await writeFile(bad, JSON.stringify({ rules: [{ id: "x", metric: "handled", source: "today", op: "<", threshold: 1 }] }));
    const { code, stderr } = await alerts(["--dry-run"], env({ ALERT_RULES: bad }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/rule "x", field metric/);
  });
});
