import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileSnapshotStore } from "@/lib/store/file-store";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function twoProcesses() {
  const dir = await mkdtemp(path.join(tmpdir(), "file-lock-"));
  dirs.push(dir);
  // Two store instances on one directory stand for two processes sharing a disk.
  const store = () => new FileSnapshotStore(dir, { logger: { warn: () => {} } });
  return { dir, a: store(), b: store(), c: store() };
}

describe("FileSnapshotStore.withLock across processes", () => {
  it("a holder that ran past its TTL does not remove the lock another process took over", async () => {
    const { dir, a, b, c } = await twoProcesses();
    const lockFile = path.join(dir, "locks", "refresh.lock");

    let finishA!: () => void;
    const aMayFinish = new Promise<void>((resolve) => (finishA = resolve));
    const aRun = a.withLock("refresh", 50, () => aMayFinish);
    // A stalls (a paused process renews nothing) and its lock expires while A still runs.
    while (!(await readFile(lockFile, "utf8").catch(() => ""))) await sleep(1);
    a.close();
    await sleep(120);

    const bRun = b.withLock("refresh", 60_000, async () => {
      const bLock = await readFile(lockFile, "utf8");
      finishA();
      expect(await aRun).toMatchObject({ acquired: true }); // A's release has run
      // B still holds the lock: its file is in place and a third process is refused.
      expect(await readFile(lockFile, "utf8")).toBe(bLock);
      expect(await c.withLock("refresh", 60_000, async () => "c ran")).toEqual({ acquired: false });
      return "b ran";
    });
    expect(await bRun).toEqual({ acquired: true, value: "b ran" });

    // B released its own lock.
    await expect(readFile(lockFile, "utf8")).rejects.toMatchObject({ code: "ENOENT" });
    expect(await c.withLock("refresh", 60_000, async () => "c ran")).toEqual({ acquired: true, value: "c ran" });
  });

  it("a lock file whose holder is still writing it is not taken over", async () => {
    const { dir, a } = await twoProcesses();
    await mkdir(path.join(dir, "locks"), { recursive: true });
    await writeFile(path.join(dir, "locks", "refresh.lock"), ""); // created, content not yet written
    expect(await a.withLock("refresh", 60_000, async () => "ran")).toEqual({ acquired: false });
  });
});
