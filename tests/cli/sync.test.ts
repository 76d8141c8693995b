import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npmScript } from "../support/cli";
import { SIM_TEST_NOW } from "../genesys/sim-client";

const sync = npmScript("sync");
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const env = { GENESYS_CLIENT_ID: "", GENESYS_CLIENT_SECRET: "", SIM_NOW: new Date(SIM_TEST_NOW).toISOString(), SIM_VOLUME: "0.3" };

describe("npm run sync", () => {
  it("syncs the simulator with nothing to configure and says what it did in one line", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "sync-cli-"));
    dirs.push(dir);
    const { code, stderr } = await sync(["--db", path.join(dir, "w.duckdb"), "--since", "2026-11-25"], env);
    expect(code).toBe(0);
    expect(stderr.trim()).toMatch(
      /^synced \d+ conversations, 2 days \(2026-11-25 to 2026-11-26\) into .*w\.duckdb in [\d.]+ s; \d+ API calls; watermark 2026-11-26$/,
    );
  });

  it.each([
    [[], /--db is required/],
    [["--db", "x.duckdb", "--since", "yesterday"], /"yesterday" is not a date YYYY-MM-DD/],
    [["--db", "x.duckdb", "--refetch-days", "-1"], /refetch-days/],
    [["--db", "x.duckdb", "--media", "pigeon"], /unknown media type "pigeon"/],
  ])("exits 2 with usage for %j", async (args, message) => {
    const { code, stderr } = await sync(args, env);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
