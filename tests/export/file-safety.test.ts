import { chmod, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CHECKPOINT_VERSION,
  EXPORT_FILE_MODE,
  ExportFileError,
  PartialFile,
  acquireLock,
  exportPaths,
  writeCheckpoint,
  type Checkpoint,
} from "@/lib/export/files";
import { npmScript } from "../support/cli";
import { exportSetup, recentInterval, run, spec, tempOut } from "./helpers";

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
const SECRET = "a file the export must never write to\n";

/** A file outside the export's reach, and a symbolic link to it planted at `at`. */
async function plantLink(at: string): Promise<string> {
  const victimDir = path.join(path.dirname(at), "elsewhere");
  await mkdir(victimDir, { recursive: true });
  const victim = path.join(victimDir, "victim.txt");
  await writeFile(victim, SECRET, { mode: 0o644 });
  await symlink(victim, at);
  return victim;
}

describe("export files are owner-only", () => {
  it("writes the output file with mode 0600", async () => {
    const { client } = exportSetup();
    const out = await tempOut("calls.csv");
    await run(client, spec({ interval: recentInterval(3), out, format: "csv", media: "voice" }));
    expect(await modeOf(out)).toBe(0o600);
    expect(EXPORT_FILE_MODE).toBe(0o600);
  });

  it("creates the partial, the checkpoint and the lock with mode 0600, and tightens an older partial on resume", async () => {
    const paths = exportPaths(await tempOut("x.ndjson"));
    const partial = await PartialFile.create(paths.partial);
    await partial.append("line\n");
    await partial.close();
    expect(await modeOf(paths.partial)).toBe(0o600);

    const now = new Date().toISOString();
    const checkpoint: Checkpoint = {
      version: CHECKPOINT_VERSION,
      fingerprint: { interval: "a/b", format: "ndjson", media: [], queues: [], environment: "http://sim.local" },
      api: "query",
      chunks: [[0, 1]],
      estimate: 0,
      done: 0,
      chunkStartBytes: 0,
      chunkStartCount: 0,
      bytes: 5,
      count: 1,
      job: null,
      startedAt: now,
      updatedAt: now,
    };
    await writeCheckpoint(paths.checkpoint, checkpoint);
    expect(await modeOf(paths.checkpoint)).toBe(0o600);

    const lock = acquireLock(paths.lock, paths.out);
    expect(await modeOf(paths.lock)).toBe(0o600);
    lock.release();

    // A partial left by an older version, readable by everyone.
    await chmod(paths.partial, 0o644);
    const resumed = await PartialFile.resume(paths.partial, 5);
    await resumed!.close();
    expect(await modeOf(paths.partial)).toBe(0o600);
  });
});

describe("export files are never written through a symbolic link", () => {
  it("refuses a symbolic link at --out, writing nothing", async () => {
    const { client } = exportSetup();
    const out = await tempOut("calls.ndjson");
    const victim = await plantLink(out);
    await expect(run(client, spec({ interval: recentInterval(3), out }))).rejects.toThrow(ExportFileError);
    await expect(run(client, spec({ interval: recentInterval(3), out }))).rejects.toThrow(/calls\.ndjson is a symbolic link/);
    expect(await readFile(victim, "utf8")).toBe(SECRET);
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    expect((await readdir(path.dirname(out))).sort()).toEqual(["calls.ndjson", "elsewhere"]);
  });

  it("refuses a symbolic link at FILE.partial, writing nothing through it", async () => {
    const { client } = exportSetup();
    const out = await tempOut("calls.ndjson");
    const { partial } = exportPaths(out);
    const victim = await plantLink(partial);
    await expect(run(client, spec({ interval: recentInterval(3), out }))).rejects.toThrow(/calls\.ndjson\.partial is a symbolic link/);
    expect(await readFile(victim, "utf8")).toBe(SECRET);
    expect((await lstat(partial)).isSymbolicLink()).toBe(true);
  });

  it("PartialFile and acquireLock refuse links on their own", async () => {
    const paths = exportPaths(await tempOut("x.ndjson"));
    const victim = await plantLink(paths.partial);
    await expect(PartialFile.create(paths.partial)).rejects.toThrow(ExportFileError);
    await expect(PartialFile.resume(paths.partial, 0)).rejects.toThrow(ExportFileError);
    await symlink(victim, paths.lock);
    expect(() => acquireLock(paths.lock, paths.out)).toThrow(ExportFileError);
    expect(await readFile(victim, "utf8")).toBe(SECRET);
  });

  it("npm run export exits 1 with the reason when --out is a symbolic link", async () => {
    const out = await tempOut("calls.ndjson");
    const victim = await plantLink(out);
    const exportCli = npmScript("export");
    const { code, stdout, stderr } = await exportCli(["--interval", recentInterval(3), "--out", out], {
      GENESYS_CLIENT_ID: "",
      GENESYS_CLIENT_SECRET: "",
      GENESYS_LOGIN_URL: "",
      GENESYS_API_URL: "",
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^export failed: .*calls\.ndjson is a symbolic link/m);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(victim, "utf8")).toBe(SECRET);
  });
});
