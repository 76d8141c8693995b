/**
 * Planning an export: which API, and which chunks.
 *
 * API choice (`--api auto`, the default). Before anything is written, one details query with
 * `pageSize: 1` per 7-day window reads `totalHits`: an estimate of the volume (also the
 * progress bar's total) for one request a week.
 * - At most SYNC_MAX_CONVERSATIONS (10,000): the synchronous details query, 100 per page. That is
 *   at most ~100 requests, answered at once, with no job to wait for.
 * - Above: the async details jobs, 1,000 per page by cursor. The synchronous query needs ten
 *   times as many requests (a 300-per-minute token moves at most 30,000 conversations a minute
 *   with it, 300,000 with jobs), refuses more than 100,000 results per query
 *   (pageNumber × pageSize) and 7 days per interval, and its pages shift while the interval
 *   still receives data; a job is a snapshot taken at submission, read by cursor, so nothing
 *   shifts. A job costs about four extra requests (create, a status poll or two, delete) and its
 *   queueing time, which only pays off once there is more than a few thousand to read.
 *
 * Chunks. The interval is cut into consecutive chunks: one UTC-day-long step from the start for
 * jobs; for the query, steps of at most a day and at most ~50,000 expected conversations (half
 * the 100,000-result cap, room for growth), never crossing a 7-day window. A chunk is the unit
 * of work, of retry (a failed job), and of resume for the query (its pages are not stable).
 *
 * What an export holds: every conversation that STARTED in [start, end), whichever API reads it.
 * The two APIs answer different questions (platform-client-sdk-dotnet `docs/ConversationQuery.md`:
 * the query returns conversations "that started on a day touched by the interval";
 * `docs/AsyncConversationQuery.md`: jobs return conversations with activity in the interval), so
 * each returns a superset, and a conversation that runs across a chunk boundary comes back from
 * both chunks. Each conversation is written by exactly one chunk, its owner: the chunk containing
 * its `conversationStart`; anything that started outside the export's interval is skipped.
 * Ownership needs no memory at all, whatever the volume.
 */
import type { GenesysClient } from "@/lib/genesys";
import type { ConversationQuery, SegmentFilter } from "@/lib/genesys/schemas";
import { isoInterval, type ExportSpec } from "./spec";

export const DAY_MS = 86_400_000;
/** The details query's longest interval (the simulator's limit; the real one is unconfirmed). */
export const QUERY_WINDOW_MS = 7 * DAY_MS;
export const QUERY_PAGE_SIZE = 100;
/** pageNumber × pageSize may not exceed this on the details query. */
export const QUERY_MAX_RESULTS = 100_000;
export const JOB_PAGE_SIZE = 1_000;
export const SYNC_MAX_CONVERSATIONS = 10_000;

const QUERY_CHUNK_TARGET = 50_000;

export type ExportApi = "query" | "jobs";
export type Chunk = { start: number; end: number };

export type ExportPlan = {
  api: ExportApi;
  chunks: Chunk[];
  /** Σ totalHits of the probes: approximate (Genesys says so), overlaps counted twice. */
  estimate: number;
  /** Why this API, in one line for the terminal. */
  reason: string;
};

export type PlanOptions = {
  chunkMs?: number;
  syncMax?: number;
  signal?: AbortSignal;
};

/** The segment filters for `--media` and `--queue`: each list is an OR; both must hold. */
export function segmentFiltersFor(spec: Pick<ExportSpec, "media" | "queues">): SegmentFilter[] {
  const filters: SegmentFilter[] = [];
  if (spec.media.length > 0) {
    filters.push({
      type: "or",
      predicates: spec.media.map((value) => ({ type: "dimension", dimension: "mediaType", operator: "matches", value })),
    });
  }
  if (spec.queues.length > 0) {
    filters.push({
      type: "or",
      predicates: spec.queues.map((value) => ({ type: "dimension", dimension: "queueId", operator: "matches", value })),
    });
  }
  return filters;
}

/** The query body for one chunk (shared by the details query and the job). */
export function chunkQuery(spec: Pick<ExportSpec, "media" | "queues">, chunk: Chunk): Omit<ConversationQuery, "paging"> {
  const segmentFilters = segmentFiltersFor(spec);
  return {
    interval: isoInterval(chunk.start, chunk.end),
    order: "asc",
    orderBy: "conversationStart",
    ...(segmentFilters.length > 0 ? { segmentFilters } : {}),
  };
}

/** [start, end) cut into steps of `stepMs` from the start, the last one clipped. */
export function splitInterval(start: number, end: number, stepMs: number): Chunk[] {
  const out: Chunk[] = [];
  for (let at = start; at < end; at += stepMs) out.push({ start: at, end: Math.min(end, at + stepMs) });
  return out;
}

/** Whether chunk `index` writes a conversation that started at `startMs` (see "Overlap" above). */
export function ownsConversation(chunks: readonly Chunk[], index: number, startMs: number): boolean {
  const chunk = chunks[index]!;
  return startMs >= chunk.start && startMs < chunk.end;
}

export async function planExport(client: GenesysClient, spec: ExportSpec, options: PlanOptions = {}): Promise<ExportPlan> {
  const chunkMs = options.chunkMs ?? DAY_MS;
  const syncMax = options.syncMax ?? SYNC_MAX_CONVERSATIONS;
  const windows = splitInterval(spec.start, spec.end, QUERY_WINDOW_MS);
  const hits: number[] = [];
  for (const window of windows) {
    const probe = await client.queryConversationDetailsPage(
      { ...chunkQuery(spec, window), paging: { pageSize: 1, pageNumber: 1 } },
      options.signal ? { signal: options.signal } : {},
    );
    hits.push(probe.totalHits ?? probe.conversations.length);
  }
  const estimate = hits.reduce((a, b) => a + b, 0);

  let api: ExportApi;
  let reason: string;
  if (spec.api !== "auto") {
    api = spec.api;
    reason = `--api ${spec.api}`;
  } else if (estimate <= syncMax) {
    api = "query";
    reason = `about ${estimate} conversations (at most ${syncMax}): the details query, ${QUERY_PAGE_SIZE} per page`;
  } else {
    api = "jobs";
    reason = `about ${estimate} conversations (over ${syncMax}): async details jobs, ${JOB_PAGE_SIZE} per page`;
  }

  let chunks: Chunk[];
  if (api === "jobs") {
    chunks = splitInterval(spec.start, spec.end, chunkMs);
  } else {
    chunks = windows.flatMap((window, i) => {
      const length = window.end - window.start;
      const parts = Math.max(Math.ceil(length / chunkMs), Math.ceil((hits[i] ?? 0) / QUERY_CHUNK_TARGET), 1);
      return splitInterval(window.start, window.end, Math.ceil(length / parts));
    });
  }
  return { api, chunks, estimate, reason };
}
