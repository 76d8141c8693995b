/**
 * The files beside an export's target, which make it resumable and never half-written:
 *
 * - `FILE.partial`: the output so far. Only ever appended to (and cut back to a checkpointed
 *   length); renamed to FILE once everything is in it, so FILE is complete or absent.
 * - `FILE.checkpoint.json`: what is durably done: the plan (API, chunks), the chunks finished,
 *   the byte length of `FILE.partial` that holds exactly those conversations, and for a job the
 *   cursor of the next page. Written atomically (temporary file, fsync, rename) and only after
 *   the partial's data is fsynced, so it never claims bytes that are not on disk.
 * - `FILE.lock`: the process id of the export writing FILE; a second export to the same file
 *   refuses to start while that process lives.
 *
 * Conversation details are personal data: every one of these files is created with mode 0600
 * (owner only), and none is ever opened through a symbolic link. Files are created exclusively
 * (O_CREAT|O_EXCL, `wx`, which fails on any existing path, a link included) or opened with
 * O_NOFOLLOW (open(2)); renames replace a link rather than follow it (rename(2)). A link planted
 * at FILE or at one of its companions stops the export with an ExportFileError instead.
 */
import { closeSync, constants, lstatSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { lstat, mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "@/lib/store/atomic-file";
import { EXPORT_FORMATS } from "./spec";

/** Owner read and write only: the mode of every file an export writes. */
export const EXPORT_FILE_MODE = 0o600;

/** 0 where the platform has no O_NOFOLLOW (Windows), whose links need privileges to create. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** An export file that cannot be used safely (a symbolic link where a file should be). */
export class ExportFileError extends Error {
  override name = "ExportFileError";
}

const isCode = (error: unknown, ...codes: string[]) => codes.includes((error as NodeJS.ErrnoException)?.code ?? "");

function symlinkRefusal(file: string): ExportFileError {
  return new ExportFileError(`${file} is a symbolic link; an export never writes through one: remove it, or choose another --out`);
}

/** Throws ExportFileError when `file` is a symbolic link; a missing file is fine. */
export async function refuseSymlink(file: string): Promise<void> {
  let isLink: boolean;
  try {
    isLink = (await lstat(file)).isSymbolicLink();
  } catch (error) {
    if (isCode(error, "ENOENT", "ENOTDIR")) return;
    throw error;
  }
  if (isLink) throw symlinkRefusal(file);
}

/** Before anything is written: FILE and the files beside it must not be symbolic links. */
export async function refuseSymlinks(paths: ExportPaths): Promise<void> {
  for (const file of [paths.out, paths.partial, paths.checkpoint, paths.lock]) await refuseSymlink(file);
}

/** The checkpoint, atomically (temporary file, fsync, rename) and owner-only. */
export async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(checkpoint), { mode: EXPORT_FILE_MODE });
}

/**
 * The complete partial becomes FILE. rename(2) would replace a link planted at FILE meanwhile
 * rather than follow it; refusing it says so, and keeps the partial for a resume.
 */
export async function finishExportFile(paths: ExportPaths): Promise<void> {
  await refuseSymlink(paths.out);
  await rename(paths.partial, paths.out);
}

export type ExportPaths = { out: string; partial: string; checkpoint: string; lock: string };

export function exportPaths(out: string): ExportPaths {
  return { out, partial: `${out}.partial`, checkpoint: `${out}.checkpoint.json`, lock: `${out}.lock` };
}

/** What must be equal for a run to continue another one's file. */
export const fingerprintSchema = z.object({
  interval: z.string(),
  format: z.enum(EXPORT_FORMATS),
  media: z.array(z.string()),
  queues: z.array(z.string()),
  /** The API base URL: one file never mixes two orgs. */
  environment: z.string(),
});
export type ExportFingerprint = z.infer<typeof fingerprintSchema>;

export const CHECKPOINT_VERSION = 1;

export const checkpointSchema = z.object({
  version: z.literal(CHECKPOINT_VERSION),
  fingerprint: fingerprintSchema,
  api: z.enum(["query", "jobs"]),
  chunks: z.array(z.tuple([z.number(), z.number()])).min(1),
  /** Chunk 0 is a lead, read by the details query whatever `api` says (lib/export/plan.ts); absent before leads existed. */
  lead: z.boolean().optional(),
  estimate: z.number().min(0),
  /** Chunks finished (the next one to export is `chunks[done]`). */
  done: z.number().int().min(0),
  /** Length of the partial and conversations in it when chunk `done` began. */
  chunkStartBytes: z.number().int().min(0),
  chunkStartCount: z.number().int().min(0),
  /** Length of the partial and conversations in it, durably (jobs: up to `job.cursor`). */
  bytes: z.number().int().min(0),
  count: z.number().int().min(0),
  /** Jobs: chunk `done`'s job, the cursor of its next results page (absent: the first page), and which submission it is. */
  job: z.object({ id: z.string().min(1), cursor: z.string().optional(), attempt: z.number().int().min(1) }).nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export type CheckpointRead = { kind: "none" } | { kind: "unreadable"; reason: string } | { kind: "ok"; checkpoint: Checkpoint };

export async function readCheckpoint(file: string): Promise<CheckpointRead> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | O_NOFOLLOW);
  } catch (error) {
    if (isCode(error, "ENOENT")) return { kind: "none" };
    if (isCode(error, "ELOOP")) throw symlinkRefusal(file);
    throw error;
  }
  let text: string;
  try {
    text = await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
  try {
    const parsed = checkpointSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: "ok", checkpoint: parsed.data };
    return { kind: "unreadable", reason: parsed.error.issues[0]?.message ?? "invalid" };
  } catch {
    return { kind: "unreadable", reason: "not JSON" };
  }
}

/** "--interval was X, now Y" for each difference; empty when the fingerprints agree. */
export function fingerprintDifferences(was: ExportFingerprint, now: ExportFingerprint): string[] {
  const show = (v: string | string[]) => (Array.isArray(v) ? (v.length ? v.join(",") : "(none)") : v);
  const names: [keyof ExportFingerprint, string][] = [
    ["interval", "--interval"],
    ["format", "--format"],
    ["media", "--media"],
    ["queues", "--queue"],
    ["environment", "the org (API URL)"],
  ];
  const out: string[] = [];
  for (const [key, name] of names) {
    const a = show(was[key]);
    const b = show(now[key]);
    if (a !== b) out.push(`${name} was ${a}, now ${b}`);
  }
  return out;
}

/** `FILE.partial`: appended at a known byte length, cut back on resume or when a chunk restarts. */
export class PartialFile {
  private constructor(
    private readonly handle: FileHandle,
    private length: number,
  ) {}

  get bytes(): number {
    return this.length;
  }

  /**
   * A new, empty partial, mode 0600 (whatever was there belonged to no checkpoint and is
   * removed; a symbolic link there is refused). Created with O_EXCL: a path that reappears in
   * between, a link included, fails the open instead of being followed.
   */
  static async create(file: string): Promise<PartialFile> {
    await mkdir(path.dirname(file), { recursive: true });
    await refuseSymlink(file);
    await rm(file, { force: true });
    let handle: FileHandle;
    try {
      handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, EXPORT_FILE_MODE);
    } catch (error) {
      if (isCode(error, "EEXIST", "ELOOP"))
        throw new ExportFileError(`${file} appeared while the export was creating it; is another program writing there?`);
      throw error;
    }
    return new PartialFile(handle, 0);
  }

  /**
   * The partial of an interrupted run, cut back to `bytes`; null when it is missing or shorter.
   * Opened with O_NOFOLLOW (a symbolic link is refused), and made owner-only (0600) if an older
   * version left it readable by others.
   */
  static async resume(file: string, bytes: number): Promise<PartialFile | null> {
    let handle: FileHandle;
    try {
      handle = await open(file, constants.O_RDWR | O_NOFOLLOW);
    } catch (error) {
      if (isCode(error, "ELOOP")) throw symlinkRefusal(file);
      if (isCode(error, "ENOENT", "ENOTDIR")) return null;
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size < bytes) {
        await handle.close();
        return null;
      }
      await handle.chmod(EXPORT_FILE_MODE);
      await handle.truncate(bytes);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    return new PartialFile(handle, bytes);
  }

  async append(text: string): Promise<void> {
    await this.appendAll([Buffer.from(text, "utf8")]);
  }

  /**
   * Appends every piece, copied through one reusable buffer (so a page of small pieces costs a
   * handful of writes and no new memory). `bytes` counts only what has been written.
   */
  async appendAll(pieces: Iterable<Uint8Array>): Promise<void> {
    let used = 0;
    const flush = async () => {
      await this.writeAt(this.buffer.subarray(0, used));
      used = 0;
    };
    for (const piece of pieces) {
      if (piece.length > this.buffer.length - used) {
        if (used > 0) await flush();
        if (piece.length > this.buffer.length) {
          await this.writeAt(piece);
          continue;
        }
      }
      this.buffer.set(piece, used);
      used += piece.length;
    }
    if (used > 0) await flush();
  }

  private readonly buffer = Buffer.allocUnsafe(256 * 1024);

  private async writeAt(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset, this.length + offset);
      offset += bytesWritten;
    }
    this.length += bytes.length;
  }

  async truncate(bytes: number): Promise<void> {
    await this.handle.truncate(bytes);
    this.length = bytes;
  }

  sync(): Promise<void> {
    return this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

export class ExportBusyError extends Error {
  override name = "ExportBusyError";
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // a reused id: the old holder is gone
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // Linux: a killed process that nobody has reaped yet (a zombie) still answers signal 0.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** Takes `FILE.lock`, or throws ExportBusyError while another live export holds it. Release is synchronous (safe in exit paths). */
export function acquireLock(lockFile: string, target: string): { release(): void } {
  for (let tries = 0; tries < 3; tries++) {
    try {
      // `wx` is O_CREAT|O_EXCL: it fails on any existing path, a symbolic link included.
      const fd = openSync(lockFile, "wx", EXPORT_FILE_MODE);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new Error(`cannot write beside ${target}: its directory does not exist`);
      }
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder = NaN;
      try {
        if (lstatSync(lockFile).isSymbolicLink()) throw symlinkRefusal(lockFile);
        const fd = openSync(lockFile, constants.O_RDONLY | O_NOFOLLOW);
        try {
          holder = Number.parseInt(readFileSync(fd, "utf8"), 10);
        } finally {
          closeSync(fd);
        }
      } catch (readError) {
        if (readError instanceof ExportFileError) throw readError;
        if (isCode(readError, "ELOOP")) throw symlinkRefusal(lockFile);
        // vanished meanwhile: try again
      }
      if (Number.isInteger(holder) && alive(holder)) {
        throw new ExportBusyError(`another export (process ${holder}) is writing ${target}; wait for it, or stop it first`);
      }
      rmSync(lockFile, { force: true }); // left by a process that died
    }
  }
  throw new ExportBusyError(`could not lock ${target} (${lockFile} keeps reappearing)`);
}
