/**
 * `runExport`: streams conversation details into a file, chunk by chunk, with constant memory,
 * resumable after any interruption. See plan.ts (API choice, chunks, ownership), dedupe.ts
 * (memory bound) and files.ts (partial file, checkpoint, lock).
 *
 * Memory: at most two pages are alive at a time (the one being written and the next one, fetched
 * meanwhile), plus the de-duplication state of one chunk. Nothing grows with the export's size.
 *
 * Speed: the next page is requested as soon as the current one has arrived (the job's cursor is
 * in it), so writing a page overlaps with the server preparing the next. Records are checked for
 * id and start only (see `conversationRecord`).
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import {
  GenesysApiError,
  GenesysJobError,
  GenesysResponseError,
  PageBuffer,
  type ClientStats,
  type GenesysClient,
  type RawConversation,
  type RecordPage,
} from "@/lib/genesys";
import { RECENT_JOB_IDS, RecentIds } from "./dedupe";
import {
  CHECKPOINT_VERSION,
  PartialFile,
  acquireLock,
  exportPaths,
  finishExportFile,
  fingerprintDifferences,
  readCheckpoint,
  refuseSymlinks,
  writeCheckpoint,
  type Checkpoint,
  type ExportFingerprint,
} from "./files";
import { fileHeader, formatConversations } from "./format";
import {
  JOB_PAGE_SIZE,
  QUERY_MAX_RESULTS,
  QUERY_PAGE_SIZE,
  chunkQuery,
  ownsConversation,
  planExport,
  type Chunk,
  type ExportApi,
  type ExportPlan,
} from "./plan";
import { ExportUsageError, isoInterval, type ExportSpec } from "./spec";

/** A failed or expired job is submitted again this many times in all, then the export stops. */
export const JOB_ATTEMPTS = 3;
/** The checkpoint is brought up to date at most this often while a job's pages are written. */
export const CHECKPOINT_EVERY_MS = 1_000;

export type ExportProgress = {
  written: number;
  /** The planned estimate, raised when more arrive. */
  total: number;
  chunk: number;
  chunks: number;
};

export type ExportStart = {
  api: ExportApi;
  chunks: number;
  estimate: number;
  reason: string;
  /** Conversations already in the file from an interrupted run; null for a fresh start. */
  resumedFrom: number | null;
};

export type ExportSummary = {
  out: string;
  api: ExportApi;
  chunks: number;
  conversations: number;
  bytes: number;
  resumedFrom: number | null;
  /** Jobs submitted again after ending FAILED or EXPIRED (or vanishing). */
  jobResubmissions: number;
  durationMs: number;
  client: ClientStats;
};

export type ExportOptions = {
  spec: ExportSpec;
  client: GenesysClient;
  /** Where the data comes from (the API base URL): part of the resume fingerprint. */
  environment: string;
  signal?: AbortSignal;
  onStart?(start: ExportStart): void;
  onProgress?(progress: ExportProgress): void;
  /** A warning or notice, one line. */
  onNote?(line: string): void;
  // Tunables (tests use small ones).
  chunkMs?: number;
  syncMax?: number;
  jobAttempts?: number;
  checkpointEveryMs?: number;
  jobPoll?: { pollMs?: number; maxPollMs?: number; timeoutMs?: number };
};

/** A resume asked with different arguments (or against another org): exit 2, explained. */
export class ExportResumeMismatchError extends ExportUsageError {
  override name = "ExportResumeMismatchError";
}

/** The export cannot go on (a job failing again and again, a chunk over the query's cap, …). */
export class ExportError extends Error {
  override name = "ExportError";
}

export function fingerprintOf(spec: ExportSpec, environment: string): ExportFingerprint {
  return { interval: isoInterval(spec.start, spec.end), format: spec.format, media: spec.media, queues: spec.queues, environment };
}

/**
 * A request made ahead, before anyone awaits it: marked handled at once, so a failure while the
 * current page is still being written is not an unhandled rejection (which ends a Node process);
 * whoever awaits it later still gets the error.
 */
function ahead<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Two buffers, taken in turn: page k is read into one while page k-1, in the other, is written.
 * A page is finished with (written) before the consumer asks for the next one, which is when
 * page k+1's request, into the buffer of page k-1, starts.
 */
function pageBuffers(): { next(): PageBuffer } {
  const pair = [new PageBuffer(), new PageBuffer()];
  let turn = 0;
  return { next: () => pair[turn++ % 2]! };
}

/** Every page of a details query, the next one requested while the caller handles the current one. */
async function* queryPages(
  client: GenesysClient,
  query: ReturnType<typeof chunkQuery>,
  signal: AbortSignal | undefined,
): AsyncGenerator<RecordPage> {
  const buffers = pageBuffers();
  const fetchPage = (pageNumber: number) =>
    ahead(
      client.queryConversationDetailsPage(
        { ...query, paging: { pageSize: QUERY_PAGE_SIZE, pageNumber } },
        { buffer: buffers.next(), ...(signal ? { signal } : {}) },
      ),
    );
  let pageNumber = 1;
  let pending: Promise<RecordPage> | null = fetchPage(1);
  while (pending) {
    const page: RecordPage = await pending;
    pending = null;
    if (page.conversations.length === 0) return;
    if ((pageNumber + 1) * QUERY_PAGE_SIZE <= QUERY_MAX_RESULTS) {
      pageNumber += 1;
      pending = fetchPage(pageNumber);
    } else if (page.conversations.length === QUERY_PAGE_SIZE) {
      throw new ExportError(
        `${query.interval} has more than ${QUERY_MAX_RESULTS} conversations, the most one details query returns; run with --api jobs (or auto)`,
      );
    }
    yield page;
  }
}

/** Every results page of a job from `cursor` on, the next one requested while the caller handles the current one. */
async function* jobPages(
  client: GenesysClient,
  jobId: string,
  cursor: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<RecordPage> {
  const buffers = pageBuffers();
  const fetchPage = (at: string | undefined) =>
    ahead(
      client.detailsJobs.resultsPage(jobId, {
        pageSize: JOB_PAGE_SIZE,
        buffer: buffers.next(),
        ...(at ? { cursor: at } : {}),
        ...(signal ? { signal } : {}),
      }),
    );
  const seenCursors = new Set<string>(cursor ? [cursor] : []);
  let pending: Promise<RecordPage> | null = fetchPage(cursor);
  while (pending) {
    const page: RecordPage = await pending;
    pending = null;
    if (page.cursor !== undefined) {
      // A cursor handed out twice would page forever.
      if (seenCursors.has(page.cursor)) {
        throw new GenesysResponseError({
          method: "GET",
          path: `/api/v2/analytics/conversations/details/jobs/${jobId}/results`,
          status: 200,
          issues: ["cursor: repeated"],
        });
      }
      seenCursors.add(page.cursor);
      pending = fetchPage(page.cursor);
    }
    yield page;
  }
}

/** Whether `error` means the job is gone for good (ended FAILED/EXPIRED/CANCELLED, or unknown): submit it again. */
async function jobLost(client: GenesysClient, jobId: string, error: unknown): Promise<string | null> {
  if (error instanceof GenesysJobError) return `ended ${error.state}${error.errorMessage ? ` (${error.errorMessage})` : ""}`;
  if (!(error instanceof GenesysApiError) || (error.status !== 404 && error.status !== 400)) return null;
  if (error.status === 404) return "is no longer known to Genesys Cloud";
  // A 400 on results: the job has left FULFILLED (expired meanwhile), or the cursor is no longer
  // accepted (a resume long after). Either way only a new job helps; the attempts are bounded.
  try {
    const status = await client.detailsJobs.status(jobId);
    return status.state === "FULFILLED" ? `refused its results (${error.body.message ?? error.code ?? "400"})` : `ended ${status.state}`;
  } catch (statusError) {
    if (statusError instanceof GenesysApiError && statusError.status === 404) return "is no longer known to Genesys Cloud";
    throw statusError;
  }
}

export async function runExport(options: ExportOptions): Promise<ExportSummary> {
  const { spec, client, signal } = options;
  const started = performance.now();
  const note = (line: string) => options.onNote?.(line);
  const paths = exportPaths(spec.out);
  const fingerprint = fingerprintOf(spec, options.environment);
  const jobAttempts = options.jobAttempts ?? JOB_ATTEMPTS;
  const checkpointEveryMs = options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS;
  const withSignal = signal ? { signal } : {};

  await mkdir(path.dirname(spec.out), { recursive: true });
  // Never through a symbolic link, and owner-only (lib/export/files.ts).
  await refuseSymlinks(paths);
  const lock = acquireLock(paths.lock, spec.out);
  let partial: PartialFile | null = null;
  let state: Checkpoint | null = null;
  let lookahead: { index: number; job: Promise<string | null> } | null = null;
  let jobResubmissions = 0;

  const persist = async () => {
    if (!partial || !state) return;
    await partial.sync();
    state.updatedAt = new Date().toISOString();
    await writeCheckpoint(paths.checkpoint, state);
    lastPersist = Date.now();
  };
  let lastPersist = Date.now();

  try {
    // ---- Resume, or plan a fresh export.
    let resumedFrom: number | null = null;
    const previous = await readCheckpoint(paths.checkpoint);
    if (previous.kind === "unreadable") note(`ignoring ${path.basename(paths.checkpoint)} (${previous.reason}): starting over`);
    if (previous.kind === "ok") {
      const was = previous.checkpoint;
      const differences = fingerprintDifferences(was.fingerprint, fingerprint);
      if (differences.length > 0) {
        throw new ExportResumeMismatchError(
          "(resume)",
          `${path.basename(paths.partial)} is an unfinished export with other arguments (${differences.join("; ")}). ` +
            `Run that export again to finish it, or delete ${path.basename(paths.partial)} and ${path.basename(paths.checkpoint)} to start this one.`,
        );
      }
      // A job's pages are stable: continue at its cursor. A query chunk starts over (its pages shift).
      const atCursor = was.api === "jobs" && was.job !== null;
      const bytes = atCursor ? was.bytes : was.chunkStartBytes;
      partial = await PartialFile.resume(paths.partial, bytes);
      if (partial) {
        state = { ...was, bytes, count: atCursor ? was.count : was.chunkStartCount };
        resumedFrom = state.count;
      } else {
        note(`${path.basename(paths.partial)} is missing or shorter than its checkpoint says: starting over`);
      }
    }
    if (!state) {
      const plan: ExportPlan = await planExport(client, spec, {
        ...(options.chunkMs ? { chunkMs: options.chunkMs } : {}),
        ...(options.syncMax !== undefined ? { syncMax: options.syncMax } : {}),
        ...withSignal,
      });
      partial = await PartialFile.create(paths.partial);
      await partial.append(fileHeader(spec.format));
      const now = new Date().toISOString();
      state = {
        version: CHECKPOINT_VERSION,
        fingerprint,
        api: plan.api,
        chunks: plan.chunks.map((c) => [c.start, c.end] as [number, number]),
        estimate: plan.estimate,
        done: 0,
        chunkStartBytes: partial.bytes,
        chunkStartCount: 0,
        bytes: partial.bytes,
        count: 0,
        job: null,
        startedAt: now,
        updatedAt: now,
      };
      await persist();
      options.onStart?.({ api: plan.api, chunks: plan.chunks.length, estimate: plan.estimate, reason: plan.reason, resumedFrom: null });
    } else {
      const reason = `resuming: ${state.count} conversations already written, chunk ${state.done + 1} of ${state.chunks.length}`;
      options.onStart?.({ api: state.api, chunks: state.chunks.length, estimate: state.estimate, reason, resumedFrom });
    }
    const run = state;
    const file = partial!;
    const chunks: Chunk[] = run.chunks.map(([start, end]) => ({ start, end }));

    // Queue names for the CSV: one listing, cheap. Without permission to list queues the ids remain.
    const queueNames = new Map<string, string>();
    if (spec.format === "csv") {
      try {
        for (const q of await client.listRoutingQueues(withSignal)) queueNames.set(q.id, q.name);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        note(`queue names unavailable (${error instanceof Error ? error.message : String(error)}): the queueNames column stays empty`);
      }
    }

    const progress = (index: number) =>
      options.onProgress?.({
        written: run.count,
        total: Math.max(run.estimate, run.count),
        chunk: Math.min(index + 1, chunks.length),
        chunks: chunks.length,
      });

    /** Appends the page's records that `keep` accepts, streamed: each is checked, kept or dropped, and written in turn. */
    const write = async (page: Iterable<RawConversation>, keep: (c: RawConversation) => boolean, index: number) => {
      let kept = 0;
      const accepted = function* () {
        for (const conversation of page) {
          if (!keep(conversation)) continue;
          kept++;
          yield conversation;
        }
      };
      await file.appendAll(formatConversations(accepted(), spec.format, queueNames));
      run.bytes = file.bytes;
      run.count += kept;
      progress(index);
    };

    const restartChunk = async () => {
      await file.truncate(run.chunkStartBytes);
      run.bytes = run.chunkStartBytes;
      run.count = run.chunkStartCount;
    };

    // Synchronous, straight after the chunk's last write: no checkpoint can ever pair the
    // chunk's full bytes with a cursor (or page) that would read its last page again.
    const finishChunk = (index: number) => {
      run.done = index + 1;
      run.chunkStartBytes = run.bytes;
      run.chunkStartCount = run.count;
      run.job = null;
    };

    const ownedBy = (index: number) => (c: RawConversation) => ownsConversation(chunks, index, Date.parse(c.conversationStart));

    const exportQueryChunk = async (index: number) => {
      const owned = ownedBy(index);
      const seen = new RecentIds(QUERY_MAX_RESULTS); // the whole chunk: ≤ the query's result cap
      for await (const page of queryPages(client, chunkQuery(spec, chunks[index]!), signal)) {
        await write(page.conversations, (c) => owned(c) && !seen.seen(c.conversationId), index);
      }
      finishChunk(index);
    };

    const submitJob = (index: number) => client.detailsJobs.create(chunkQuery(spec, chunks[index]!), withSignal).then((r) => r.jobId);

    const startLookahead = (index: number) => {
      if (lookahead || index >= chunks.length) return;
      // The next chunk's job queues while this one's pages are read; a failure here only means it is submitted later.
      lookahead = { index, job: submitJob(index).catch(() => null) };
    };

    const takeLookahead = async (index: number): Promise<string | null> => {
      const ahead = lookahead;
      if (!ahead || ahead.index !== index) return null;
      lookahead = null;
      return ahead.job;
    };

    const exportJobChunk = async (index: number) => {
      const chunk = chunks[index]!;
      const owned = ownedBy(index);
      const recent = new RecentIds(RECENT_JOB_IDS);
      let attempt = run.job?.attempt ?? 0;
      for (;;) {
        if (!run.job) {
          attempt += 1;
          const id = (await takeLookahead(index)) ?? (await submitJob(index));
          run.job = { id, attempt };
          await persist(); // a resume waits for this job instead of submitting another
        }
        const job = run.job;
        try {
          await client.detailsJobs.waitUntilDone(job.id, {
            pollMs: options.jobPoll?.pollMs ?? 250,
            maxPollMs: options.jobPoll?.maxPollMs ?? 5_000,
            timeoutMs: options.jobPoll?.timeoutMs ?? 30 * 60_000,
            ...withSignal,
          });
          startLookahead(index + 1);
          for await (const page of jobPages(client, job.id, job.cursor, signal)) {
            await write(page.conversations, (c) => owned(c) && !recent.seen(c.conversationId), index);
            if (page.cursor === undefined) {
              finishChunk(index);
            } else {
              job.cursor = page.cursor;
              if (Date.now() - lastPersist >= checkpointEveryMs) await persist();
            }
          }
          await client.detailsJobs.delete(job.id).catch(() => undefined); // frees the results; nothing depends on it
          return;
        } catch (error) {
          if (signal?.aborted) throw error;
          const lost = await jobLost(client, job.id, error);
          if (lost === null) throw error;
          const where = isoInterval(chunk.start, chunk.end);
          await client.detailsJobs.delete(job.id).catch(() => undefined);
          await restartChunk();
          recent.clear();
          run.job = null; // a resume submits afresh, with its own attempts
          if (attempt >= jobAttempts) {
            throw new ExportError(
              `the analytics job for ${where} ${lost}, ${attempt} times in a row; run the same command later to resume from this chunk`,
            );
          }
          note(`the analytics job for ${where} ${lost}: submitting it again (attempt ${attempt + 1} of ${jobAttempts})`);
          jobResubmissions += 1;
        }
      }
    };

    // ---- Chunk by chunk.
    progress(run.done);
    for (let index = run.done; index < chunks.length; index++) {
      if (run.api === "query") await exportQueryChunk(index);
      else await exportJobChunk(index);
      if (run.done !== index + 1) throw new Error(`chunk ${index + 1} ended without finishing`);
      await persist();
    }

    // ---- Done: the partial becomes the file; the checkpoint goes.
    await file.sync();
    await file.close();
    partial = null;
    await finishExportFile(paths);
    await rm(paths.checkpoint, { force: true });
    return {
      out: spec.out,
      api: run.api,
      chunks: chunks.length,
      conversations: run.count,
      bytes: run.bytes,
      resumedFrom,
      jobResubmissions,
      durationMs: performance.now() - started,
      client: client.stats(),
    };
  } catch (error) {
    // Keep what is durably written; the partial is cut back to it on resume.
    try {
      await persist();
    } catch {
      // The checkpoint on disk is still the last good one.
    }
    throw error;
  } finally {
    const pendingJob = lookahead as { job: Promise<string | null> } | null;
    if (pendingJob) {
      // A job submitted ahead and never read: cancel it (best effort, no signal: we may be aborting).
      const id = await pendingJob.job;
      if (id) await client.detailsJobs.delete(id).catch(() => undefined);
    }
    await partial?.close().catch(() => undefined);
    lock.release();
  }
}
