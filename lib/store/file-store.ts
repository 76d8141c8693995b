import "server-only";
/**
 * The file snapshot store: one JSON file per snapshot under DATA_DIR, written atomically, so it
 * survives restarts and a reader never sees half a file. A corrupt or partial file (a disk that
 * filled up, a hand edit) is skipped with a warning and never breaks a page.
 *
 * Layout: DATA_DIR/snapshots/<view>/<epoch-ms>-<random>.json, DATA_DIR/status.json,
 * DATA_DIR/cache/<key>.json, DATA_DIR/locks/<name>.lock.
 */
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdir, open, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import type { QueueReport } from "@/lib/model/queue-report";
import { writeFileAtomic } from "./atomic-file";
import { refreshStatusSchema, type RefreshStatus } from "@/lib/model/refresh-status";
import { DEFAULT_HISTORY_LENGTH, storedSnapshotSchema, type HeldLock, type LockResult, type SnapshotStore } from "./snapshot-store";

type Logger = Pick<Console, "warn">;

const RECHECK_MS = 1000;
const SAFE_NAME = /^[a-z0-9][a-z0-9._-]{0,80}$/i;

function safeName(kind: string, name: string): string {
  // Names become paths: refuse anything that could climb out of DATA_DIR.
  if (!SAFE_NAME.test(name) || name.includes("..")) throw new Error(`invalid ${kind} name "${name}"`);
  return name;
}

const CACHE_PURGE_INTERVAL_MS = 10 * 60_000;

export class FileSnapshotStore implements SnapshotStore {
  readonly kind = "file" as const;
  /**
   * Newest snapshot per view, parsed and as text; valid while the view's directory is unchanged.
   * The directory is looked at again at most once a second: snapshots change every few minutes,
   * and a stat per request halves what the snapshot route can serve.
   */
  private readonly latestCache = new Map<
    string,
    { dirMtimeMs: number; checkedAt: number; snapshot: { report: QueueReport; json: string } | null }
  >();
  /** Live messages: in-process only (Redis carries them between instances). */
  private readonly messages = new EventEmitter().setMaxListeners(0);
  /** The renewals of the locks held now: `close` stops them, as a process's end would. */
  private readonly renewals = new Set<{ stop(): void }>();
  /** In-process lock holders; the lock file covers other processes on the same disk. */
  private readonly heldLocks = new Set<string>();
  private lastCachePurge = 0;

  constructor(
    private readonly dataDir: string,
    private readonly options: { historyLength?: number; logger?: Logger; cachePurgeIntervalMs?: number } = {},
  ) {}

  private get logger(): Logger {
    return this.options.logger ?? console;
  }

  private viewDir(view: string): string {
    return path.join(this.dataDir, "snapshots", safeName("view", view));
  }

  private async snapshotFiles(view: string): Promise<string[]> {
    try {
      const names = await readdir(this.viewDir(view));
      // Epoch-ms prefixes of equal width sort chronologically as text; newest first.
      return names
        .filter((n) => n.endsWith(".json") && !n.startsWith("."))
        .sort()
        .reverse();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  private async readSnapshot(view: string, name: string): Promise<{ report: QueueReport; json: string } | null> {
    const file = path.join(this.viewDir(view), name);
    try {
      const json = await readFile(file, "utf8");
      const parsed = storedSnapshotSchema.safeParse(JSON.parse(json));
      if (parsed.success) return { report: parsed.data, json };
      this.logger.warn(`[store] ignoring invalid snapshot ${file}: ${parsed.error.issues[0]?.message ?? "schema mismatch"}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null; // pruned meanwhile
      this.logger.warn(`[store] ignoring unreadable snapshot ${file}: ${(error as Error).message}`);
    }
    return null;
  }

  async latest(view: string): Promise<QueueReport | null> {
    return (await this.latestWithJson(view))?.report ?? null;
  }

  async latestWithJson(view: string): Promise<{ report: QueueReport; json: string } | null> {
    const recent = this.latestCache.get(view);
    // Only a snapshot is trusted for a second; "none yet" is looked up again (another instance may
    // have just written the first one).
    if (recent && Date.now() - recent.checkedAt < RECHECK_MS && recent.snapshot) return recent.snapshot;
    let dirMtimeMs: number;
    try {
      dirMtimeMs = (await stat(this.viewDir(view))).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    const cached = this.latestCache.get(view);
    if (cached && cached.dirMtimeMs === dirMtimeMs) {
      cached.checkedAt = Date.now();
      return cached.snapshot;
    }
    const snapshot = (await this.readNewest(view, 1))[0] ?? null;
    this.latestCache.set(view, { dirMtimeMs, checkedAt: Date.now(), snapshot });
    return snapshot;
  }

  async history(view: string, limit = DEFAULT_HISTORY_LENGTH): Promise<QueueReport[]> {
    return (await this.readNewest(view, limit)).map((s) => s.report);
  }

  private async readNewest(view: string, limit: number): Promise<{ report: QueueReport; json: string }[]> {
    const snapshots: { report: QueueReport; json: string }[] = [];
    for (const name of await this.snapshotFiles(view)) {
      if (snapshots.length >= limit) break;
      const snapshot = await this.readSnapshot(view, name);
      if (snapshot) snapshots.push(snapshot);
    }
    return snapshots;
  }

  async save(view: string, report: QueueReport): Promise<void> {
    const valid = storedSnapshotSchema.parse(report);
    const dir = this.viewDir(view);
    await mkdir(dir, { recursive: true });
    const stamp = String(Date.parse(valid.generatedAt) || Date.now()).padStart(15, "0");
    await writeFileAtomic(path.join(dir, `${stamp}-${randomBytes(4).toString("hex")}.json`), JSON.stringify(valid));
    const keep = this.options.historyLength ?? DEFAULT_HISTORY_LENGTH;
    this.latestCache.delete(view); // this process sees its own write at once
    const stale = (await this.snapshotFiles(view)).slice(keep);
    await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
  }

  async readStatus(): Promise<RefreshStatus> {
    const file = path.join(this.dataDir, "status.json");
    try {
      const parsed = refreshStatusSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
      if (parsed.success) return parsed.data;
      this.logger.warn(`[store] ignoring invalid ${file}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        this.logger.warn(`[store] ignoring unreadable ${file}: ${(error as Error).message}`);
    }
    return {};
  }

  async writeStatus(status: RefreshStatus): Promise<void> {
    await writeFileAtomic(path.join(this.dataDir, "status.json"), JSON.stringify(refreshStatusSchema.parse(status)));
  }

  async readCache<T>(key: string, schema: z.ZodType<T>): Promise<T | null> {
    const file = path.join(this.dataDir, "cache", `${safeName("cache key", key)}.json`);
    try {
      const entry = JSON.parse(await readFile(file, "utf8")) as { expiresAt?: number; value?: unknown };
      if (typeof entry.expiresAt !== "number" || entry.expiresAt <= Date.now()) return null;
      const parsed = schema.safeParse(entry.value);
      return parsed.success ? parsed.data : null;
    } catch {
      return null; // a missing or damaged cache entry only costs one more request
    }
  }

  async writeCache<T>(key: string, value: T, ttlMs: number): Promise<void> {
    const file = path.join(this.dataDir, "cache", `${safeName("cache key", key)}.json`);
    await writeFileAtomic(file, JSON.stringify({ expiresAt: Date.now() + ttlMs, value }));
    await this.purgeExpiredCache().catch(() => undefined);
  }

  /**
   * Deletes cache entries past their expiry, at most every few minutes: keys such as one sign-in
   * trace per visitor would otherwise pile up (Redis expires its keys itself). An entry rewritten
   * by another process between the read and the delete is lost, which costs one more request.
   */
  private async purgeExpiredCache(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCachePurge < (this.options.cachePurgeIntervalMs ?? CACHE_PURGE_INTERVAL_MS)) return;
    this.lastCachePurge = now;
    const dir = path.join(this.dataDir, "cache");
    for (const name of await readdir(dir)) {
      if (!name.endsWith(".json") || name.startsWith(".")) continue;
      const file = path.join(dir, name);
      try {
        const entry = JSON.parse(await readFile(file, "utf8")) as { expiresAt?: unknown };
        if (typeof entry.expiresAt === "number" && entry.expiresAt <= now) await rm(file, { force: true });
      } catch {
        // being written, or damaged: readCache ignores it either way
      }
    }
  }

  async withLock<T>(name: string, ttlMs: number, fn: (lock: HeldLock) => Promise<T>): Promise<LockResult<T>> {
    const lockName = safeName("lock", name);
    if (this.heldLocks.has(lockName)) return { acquired: false };
    this.heldLocks.add(lockName);
    const file = path.join(this.dataDir, "locks", `${lockName}.lock`);
    // Ours alone: the lock file is removed only while it still holds this token.
    const token = randomBytes(16).toString("hex");
    try {
      if (!(await this.acquireLockFile(file, ttlMs, token))) return { acquired: false };
      const renewal = renewLockFile(file, token, ttlMs, this.logger);
      this.renewals.add(renewal);
      try {
        return { acquired: true, value: await fn({ lost: renewal.lost }) };
      } finally {
        renewal.stop();
        this.renewals.delete(renewal);
        // Past its TTL the lock may have been taken over by another process: leave theirs alone.
        await removeLockFileHeldBy(file, token);
      }
    } finally {
      this.heldLocks.delete(lockName);
    }
  }

  /** Stops renewing held locks and drops live listeners (a process shutting down; tests). */
  close(): void {
    for (const renewal of this.renewals) renewal.stop();
    this.renewals.clear();
    this.messages.removeAllListeners();
  }

  async publish(channel: string, message: string): Promise<void> {
    this.messages.emit(channel, message);
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    this.messages.on(channel, listener);
    return async () => void this.messages.off(channel, listener);
  }

  /**
   * O_EXCL creation is atomic on local disks; an expired lock (its holder died, or ran past its
   * TTL) is taken over.
   */
  private async acquireLockFile(file: string, ttlMs: number, token: string): Promise<boolean> {
    await mkdir(path.dirname(file), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(file, "wx");
        try {
          await handle.writeFile(JSON.stringify({ pid: process.pid, token, expiresAt: Date.now() + ttlMs }));
        } finally {
          await handle.close();
        }
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const holder = await readLockFile(file, ttlMs);
        if (holder === null) continue; // released meanwhile
        if (holder.expiresAt > Date.now()) return false;
        // Expired: remove it only if it is still the one we judged expired, not a new holder's.
        await removeLockFileHeldBy(file, holder.token);
      }
    }
    return false;
  }
}

/**
 * While its holder runs, a lock file's expiry moves forward every third of the TTL (as the Redis
 * lock's does), so a long holder (the live subscriber holds its lock for hours) keeps it, and a
 * holder that dies stops renewing. A lock found in another holder's hands aborts `lost`.
 */
function renewLockFile(file: string, token: string, ttlMs: number, logger: Logger): { lost: AbortSignal; stop(): void } {
  const lost = new AbortController();
  let busy = false;
  const timer = setInterval(
    () => {
      if (busy) return;
      busy = true;
      void (async () => {
        const holder = await readLockFile(file, ttlMs);
        if (holder?.token !== token) {
          clearInterval(timer);
          logger.warn(`[store] lost the lock ${path.basename(file)} while its holder was still running`);
          lost.abort(new Error("the lock was taken over"));
          return;
        }
        await writeFileAtomic(file, JSON.stringify({ pid: process.pid, token, expiresAt: Date.now() + ttlMs }));
      })()
        .catch(() => undefined)
        .finally(() => (busy = false));
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  timer.unref?.();
  return { lost: lost.signal, stop: () => clearInterval(timer) };
}

type LockHolder = { token: string | undefined; expiresAt: number };

/**
 * Who holds a lock file, or null when there is none. A file without valid content (its creator is
 * between `open` and `write`, or it was damaged) counts as held until its mtime plus the TTL.
 */
async function readLockFile(file: string, ttlMs: number): Promise<LockHolder | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as { token?: unknown; expiresAt?: unknown };
    if (typeof parsed.expiresAt === "number") {
      return { token: typeof parsed.token === "string" ? parsed.token : undefined, expiresAt: parsed.expiresAt };
    }
  } catch {
    // fall through to the file's age
  }
  try {
    return { token: undefined, expiresAt: (await stat(file)).mtimeMs + ttlMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Removes the lock file if it still holds `token` (compare, then remove; `undefined` matches a
 * file without a token). A file system has no compare-and-delete, so a small race remains: if the
 * lock expires and another process takes it over between the read and the `rm`, that process's
 * lock is removed. The window is a read's length, and only opens for a holder that ran past its
 * TTL; before this check, every release removed whatever file was there.
 */
async function removeLockFileHeldBy(file: string, token: string | undefined): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  let current: unknown;
  try {
    current = (JSON.parse(text) as { token?: unknown }).token;
  } catch {
    current = undefined;
  }
  if (current === token || (token === undefined && typeof current !== "string")) await rm(file, { force: true });
}
