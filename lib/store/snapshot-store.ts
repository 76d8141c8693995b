/**
 * Where scheduled reports live between cron runs. Two implementations share this interface and
 * one test suite: files under DATA_DIR (the zero-setup default) and Redis (for Vercel and any
 * deployment with more than one instance).
 */
import { z } from "zod";
import { queueReportSchema, type QueueReport } from "@/lib/model/queue-report";
import type { RefreshStatus } from "@/lib/model/refresh-status";

export const storedSnapshotSchema = queueReportSchema;

/** How many snapshots per view are kept for trends. */
export const DEFAULT_HISTORY_LENGTH = 48;

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

export interface SnapshotStore {
  readonly kind: "file" | "redis";
  /** The newest valid snapshot of a view, or null when it was never refreshed. */
  latest(view: string): Promise<QueueReport | null>;
  /**
   * The same snapshot with its stored JSON text, so the busiest route serves bytes that were
   * validated once instead of serialising the report on every request.
   */
  latestWithJson(view: string): Promise<{ report: QueueReport; json: string } | null>;
  /** Up to `limit` snapshots of a view, newest first. */
  history(view: string, limit?: number): Promise<QueueReport[]>;
  /** Adds a complete snapshot; older ones beyond the history length are dropped. */
  save(view: string, report: QueueReport): Promise<void>;
  readStatus(): Promise<RefreshStatus>;
  writeStatus(status: RefreshStatus): Promise<void>;
  /** A small cache for things worth not asking Genesys every run (queue names). */
  readCache<T>(key: string, schema: z.ZodType<T>): Promise<T | null>;
  writeCache<T>(key: string, value: T, ttlMs: number): Promise<void>;
  /**
   * Runs `fn` while holding a named lock that expires after `ttlMs` (so a crashed holder cannot
   * block refreshes forever) and is released when `fn` settles, success or failure.
   */
  withLock<T>(name: string, ttlMs: number, fn: (lock: HeldLock) => Promise<T>): Promise<LockResult<T>>;
  /**
   * Sends `message` to every `subscribe`r of `channel` in the deployment: through Redis pub/sub
   * across instances, in-process with files (one process per data directory for live updates).
   * Best effort: a message published while a subscriber is disconnected is not replayed.
   */
  publish(channel: string, message: string): Promise<void>;
  /** Calls `listener` with each message published on `channel`; the answer unsubscribes. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
}

/** A lock being held: the lock is renewed while `fn` runs; `lost` aborts if renewal finds it taken. */
export type HeldLock = { lost: AbortSignal };
