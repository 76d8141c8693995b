import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ExportBusyError, PartialFile, acquireLock, exportPaths, fingerprintDifferences, readCheckpoint } from "@/lib/export/files";
import { tempOut } from "./helpers";

describe("the files beside an export", () => {
  it("names them after the target", () => {
    expect(exportPaths("/tmp/a.csv")).toEqual({
      out: "/tmp/a.csv",
      partial: "/tmp/a.csv.partial",
      checkpoint: "/tmp/a.csv.checkpoint.json",
      lock: "/tmp/a.csv.lock",
    });
  });

  it("reads a checkpoint, tells a missing one from an unreadable one", async () => {
    const file = await tempOut("c.json");
    expect(await readCheckpoint(file)).toEqual({ kind: "none" });
    await writeFile(file, "{not json");
    expect(await readCheckpoint(file)).toMatchObject({ kind: "unreadable" });
    await writeFile(file, JSON.stringify({ version: 1 }));
    expect(await readCheckpoint(file)).toMatchObject({ kind: "unreadable" });
  });

  it("lists what differs between two runs' arguments", () => {
    const base = { interval: "a/b", format: "ndjson" as const, media: [], queues: ["q"], environment: "https://api.x" };
    expect(fingerprintDifferences(base, base)).toEqual([]);
    expect(fingerprintDifferences(base, { ...base, interval: "a/c", queues: [], environment: "https://api.y" })).toEqual([
      "--interval was a/b, now a/c",
      "--queue was q, now (none)",
      "the org (API URL) was https://api.x, now https://api.y",
    ]);
  });

  it("appends at a known length and cuts a resumed partial back to it; refuses one shorter than the checkpoint", async () => {
    const file = await tempOut("p.partial");
    const partial = await PartialFile.create(file);
    await partial.append("héllo\n");
    await partial.appendAll([Buffer.from("a"), new Uint8Array(300 * 1024).fill(98), Buffer.from("\n")]);
    expect(partial.bytes).toBe(7 + 1 + 300 * 1024 + 1);
    await partial.close();
    const resumed = await PartialFile.resume(file, 7);
    expect(resumed?.bytes).toBe(7);
    await resumed!.append("world\n");
    await resumed!.close();
    expect(await readFile(file, "utf8")).toBe("héllo\nworld\n");
    expect(await PartialFile.resume(file, 1_000)).toBeNull();
    expect(await PartialFile.resume(`${file}.missing`, 0)).toBeNull();
  });

  it("locks the target against a second live export, and takes over a dead one's lock", async () => {
    const { lock, out } = exportPaths(await tempOut("x.ndjson"));
    const held = acquireLock(lock, out);
    expect(() => acquireLock(lock, out)).not.toThrow(); // our own pid: a stale lock from a reused id
    held.release();
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 10000)"]);
    try {
      await writeFile(lock, String(sleeper.pid));
      expect(() => acquireLock(lock, out)).toThrow(ExportBusyError);
      expect(() => acquireLock(lock, out)).toThrow(/another export \(process \d+\) is writing/);
    } finally {
      sleeper.kill("SIGKILL");
      await new Promise((r) => sleeper.once("exit", r));
    }
    const taken = acquireLock(lock, out); // the holder is gone
    expect(await readFile(lock, "utf8")).toBe(String(process.pid));
    taken.release();
  });
});
