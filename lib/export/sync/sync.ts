import "server-only";
/**
 * `npm run sync`: keeps a DuckDB file of conversation details up to date, a UTC day at a time.
 * The first run starts at `since`; later runs at the watermark (the last day synced whole) minus
 * `refetchDays`, because recent days still change (conversations still open, metrics emitted
 * late). Each day is fetched with the export (the details query or async jobs, whichever its plan
 * chooses; conversations that started that day), then replaces that day in one transaction, so a
 * run can be repeated or interrupted anywhere without duplicates or loss.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { GenesysClient } from "@/lib/genesys";
import type { MediaType } from "@/lib/genesys/schemas";
import { runExport } from "../run";
import { checkpoint, openWarehouse, recordRun, replaceDay, replaceQueues, watermark, writeDayParquet, type Warehouse } from "./warehouse";

export type SyncOptions = {
  db: string;
  parquetDir?: string;
  /** YYYY-MM-DD; default 30 days before today. Only the first run (no watermark) uses it. */
  since?: string;
  refetchDays: number;
  media: MediaType[];
  queues: string[];
  client: GenesysClient;
  environment: string;
  signal?: AbortSignal;
  now?: () => Date;
  onStart?(plan: { days: string[]; resumedFrom: string | null }): void;
  onDay?(day: { day: string; conversations: number; done: number; total: number }): void;
};

export type SyncSummary = { days: string[]; conversations: number; apiCalls: number; durationMs: number; watermark: string | null };

export const DEFAULT_SINCE_DAYS = 30;
export const DEFAULT_REFETCH_DAYS = 2;

/** The UTC days to fetch, oldest first, through today (which is fetched again next run). */
export function daysToSync(last: string | null, options: Pick<SyncOptions, "since" | "refetchDays" | "now">): string[] {
  const today = DateTime.fromJSDate(options.now?.() ?? new Date(), { zone: "utc" }).startOf("day");
  const first = last
    ? DateTime.fromISO(last, { zone: "utc" }).plus({ days: 1 - options.refetchDays })
    : options.since
      ? DateTime.fromISO(options.since, { zone: "utc" })
      : today.minus({ days: DEFAULT_SINCE_DAYS });
  const days: string[] = [];
  for (let d = first; d <= today; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return days;
}

/**
 * Days fetched at the same time. Two: one day's plan and job wait overlap the other's pages, and
 * the loads (one DuckDB thread) follow in order; at most three days' files wait in scratch.
 */
const FETCHES_AT_ONCE = 2;

/** A day's conversations into an NDJSON file in `scratch`, through the export. */
async function fetchDay(day: string, scratch: string, options: SyncOptions): Promise<{ day: string; file: string; conversations: number }> {
  const start = DateTime.fromISO(day, { zone: "utc" });
  const file = path.join(scratch, `${day}.ndjson`);
  const summary = await runExport({
    spec: {
      start: start.toMillis(),
      end: start.plus({ days: 1 }).toMillis(),
      format: "ndjson",
      out: file,
      media: options.media,
      queues: options.queues,
      api: "auto",
    },
    client: options.client,
    environment: options.environment,
    signal: options.signal,
    // FETCHES_AT_ONCE days are read at once on one token: a job's queueing already overlaps the
    // other day's pages, and each day plans for its part of the rate-limit window.
    lead: false,
    windowShare: 1 / FETCHES_AT_ONCE,
  });
  return { day, file, conversations: summary.conversations };
}

async function loadDay(w: Warehouse, fetched: { day: string; file: string; conversations: number }, options: SyncOptions): Promise<void> {
  options.signal?.throwIfAborted();
  await replaceDay(w, fetched.day, fetched.file, fetched.conversations);
  if (options.parquetDir) await writeDayParquet(w, options.parquetDir, fetched.day);
  await rm(fetched.file, { force: true });
}

type FetchedDay = Awaited<ReturnType<typeof fetchDay>>;

export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  const started = new Date();
  const w = await openWarehouse(options.db);
  const scratch = await mkdtemp(path.join(tmpdir(), "genesys-sync-"));
  // Stops the fetches still in flight when a load fails, before their scratch goes.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const fetches: Promise<FetchedDay>[] = [];
  const callsBefore = options.client.stats().apiCalls;
  let conversations = 0;
  const done: string[] = [];
  let status = "interrupted";
  try {
    const last = await watermark(w);
    const days = daysToSync(last, options);
    options.onStart?.({ days, resumedFrom: last });
    await replaceQueues(w, await options.client.listRoutingQueues({ signal }));
    const fetchUpTo = (end: number) => {
      for (let j = fetches.length; j < Math.min(end, days.length); j++) {
        const turn = j >= FETCHES_AT_ONCE ? fetches[j - FETCHES_AT_ONCE]! : Promise.resolve();
        const fetched = turn.then(() => fetchDay(days[j]!, scratch, { ...options, signal }));
        // Awaited in its turn; until then a failure must not be an unhandled rejection.
        fetched.catch(() => undefined);
        fetches.push(fetched);
      }
    };
    for (let i = 0; i < days.length; i++) {
      fetchUpTo(i + 1 + FETCHES_AT_ONCE);
      const fetched = await fetches[i]!;
      await loadDay(w, fetched, { ...options, signal });
      conversations += fetched.conversations;
      done.push(fetched.day);
      options.onDay?.({ day: fetched.day, conversations: fetched.conversations, done: done.length, total: days.length });
    }
    await checkpoint(w);
    status = "ok";
    return {
      days: done,
      conversations,
      apiCalls: options.client.stats().apiCalls - callsBefore,
      durationMs: Date.now() - started.getTime(),
      watermark: await watermark(w),
    };
  } catch (error) {
    if (!options.signal?.aborted) status = "failed";
    throw error;
  } finally {
    stop.abort(new Error("the sync stopped"));
    await Promise.allSettled(fetches);
    const interval = done.length ? `${done[0]}/${done.at(-1)}` : "";
    await recordRun(w, {
      startedAt: started,
      interval,
      days: done.length,
      conversations,
      apiCalls: options.client.stats().apiCalls - callsBefore,
      status,
    }).catch(() => undefined);
    w.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
