/**
 * Atomic file writes: the content goes to a temporary file beside the target, is flushed, and
 * is renamed over it. A reader sees the old file or the new one, never half of either; a crash
 * leaves at most a stray temporary file, which is removed when the write fails.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * `mode` is the new file's permission bits (default 0o644; the umask still applies). The rename
 * replaces a symbolic link at `target` instead of writing through it (rename(2)), and the
 * temporary file is created exclusively (`wx`), so neither is followed.
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", options.mode ?? 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
