/**
 * `runExport`: streams conversation details into a file, chunk by chunk, with constant memory,
 * resumable after any interruption. See plan.ts (API choice, chunks, ownership), dedupe.ts
 * (memory bound) and files.ts (partial file, checkpoint, lock).
 *
 * Memory: at most two job pages (the one being written and the next one, fetched meanwhile) or
 * three details-query pages (a tenth of the size: the one being written and two in flight) are
 * alive at a time, plus the de-duplication state of one chunk. Nothing grows with the export's
 * size.
 *
 * Speed: a job's next page is requested as soon as the current one has arrived (its cursor is in
 * it), so writing a page overlaps with the server preparing the next; the details query, whose
 * pages are numbered, keeps two requests in flight (`queryPages`). Records are checked for id and
 * start only (see `conversationRecord`). The plan submits the first chunk's job while it probes
 * the volume (plan.ts): when jobs win, that job is the first chunk's, often ready by then, or a
 * lead is read while the job for the rest of that chunk queues; when the query wins, it is
 * deleted in the background while the first pages are read.
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
  type ExportPaths,
} from "./files";
import { fileHeader, formatConversations } from "./format";
import {
  JOB_PAGE_SIZE,
  JOB_POLL,
  JOB_TIMEOUT_MS,
  QUERY_MAX_RESULTS,
  QUERY_PAGES_AHEAD,
  QUERY_PAGE_SIZE,
  chunkApi,
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
  /** The first chunk was a lead, read by the details query while the next chunk's job queued. */
  lead: boolean;
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
  /** Whether the plan may read a lead (default true; see lib/export/plan.ts). */
  lead?: boolean;
  /** The part of the rate-limit window this export may count on (PlanOptions.windowShare). */
  windowShare?: number;
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
 * Buffers taken in turn, one per page alive at a time: the page being written and the pages
 * being read ahead. A page is finished with (written) before the consumer asks for the next one,
 * which is when the next request, into the buffer that page used, starts.
 */
function pageBuffers(count: number): { next(): PageBuffer } {
  const ring = Array.from({ length: count }, () => new PageBuffer());
  let turn = 0;
  return { next: () => ring[turn++ % count]! };
}

/**
 * Every page of a details query. Pages are addressed by number, so the next two are always on
 * their way while the caller writes the current one: the server prepares one while the other
 * travels, and a page's round trip never waits for the page before it to be read. The page after
 * the empty last one is requested for nothing (one request per chunk).
 */
async function* queryPages(
  client: GenesysClient,
  query: ReturnType<typeof chunkQuery>,
  signal: AbortSignal | undefined,
): AsyncGenerator<RecordPage> {
  const buffers = pageBuffers(QUERY_PAGES_AHEAD + 1);
  const lastPage = Math.floor(QUERY_MAX_RESULTS / QUERY_PAGE_SIZE);
  const fetchPage = (pageNumber: number) =>
    ahead(
      client.queryConversationDetailsPage(
        { ...query, paging: { pageSize: QUERY_PAGE_SIZE, pageNumber } },
        { buffer: buffers.next(), ...(signal ? { signal } : {}) },
      ),
    );
  const inFlight: Promise<RecordPage>[] = [];
  let requested = 0;
  const requestAhead = () => {
    while (inFlight.length < QUERY_PAGES_AHEAD && requested < lastPage) inFlight.push(fetchPage(++requested));
  };
  requestAhead();
  for (let pageNumber = 1; inFlight.length > 0; pageNumber++) {
    const page: RecordPage = await inFlight.shift()!;
    if (page.conversations.length === 0) return;
    if (pageNumber === lastPage && page.conversations.length === QUERY_PAGE_SIZE) {
      throw new ExportError(
        `${query.interval} has more than ${QUERY_MAX_RESULTS} conversations, the most one details query returns; run with --api jobs (or auto)`,
      );
    }
    requestAhead();
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
  const buffers = pageBuffers(2);
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

/**
 * Everything one export works with, handed from phase to phase. One object rather than closures
 * over shared variables, so what the checkpoint and the cleanup see after a failure is plain.
 */
type ExportRun = {
  readonly options: ExportOptions;
  readonly spec: ExportSpec;
  readonly client: GenesysClient;
  readonly signal: AbortSignal | undefined;
  readonly withSignal: { signal?: AbortSignal };
  readonly paths: ExportPaths;
  readonly fingerprint: ExportFingerprint;
  readonly jobAttempts: number;
  readonly checkpointEveryMs: number;
  /** performance.now() at the start: the summary's duration. */
  readonly started: number;
  /** Null before it is reopened or created, and once closed: then there is nothing to sync or close. */
  partial: PartialFile | null;
  /** What the checkpoint file is brought up to; null until resumed or planned: then there is nothing to persist. */
  checkpoint: Checkpoint | null;
  /** Conversations already in the file from an interrupted run; null for a fresh start. */
  resumedFrom: number | null;
  chunks: Chunk[];
  queueNames: Map<string, string>;
  lookahead: { index: number; job: Promise<string | null> } | null;
  /** A job known to be FULFILLED (the plan's speculative one): read without polling its status first. */
  readyJob: string | null;
  /** Deletions of jobs submitted and not used (the plan's speculative job when the query won): awaited at the end. */
  discarded: Promise<void>[];
  jobResubmissions: number;
  /** Date.now() at the last checkpoint write: a job's cursor is persisted at most every checkpointEveryMs. */
  lastPersist: number;
};

/** A run whose partial file is open and whose checkpoint is known: from the first chunk to the end. */
type OpenRun = ExportRun & { partial: PartialFile; checkpoint: Checkpoint };

type CheckpointJob = NonNullable<Checkpoint["job"]>;

export async function runExport(options: ExportOptions): Promise<ExportSummary> {
  const started = performance.now();
  const paths = exportPaths(options.spec.out);
  await mkdir(path.dirname(options.spec.out), { recursive: true });
  // Never through a symbolic link, and owner-only (lib/export/files.ts).
  await refuseSymlinks(paths);
  const lock = acquireLock(paths.lock, options.spec.out);
  const run = newRun(options, paths, started);
  try {
    const open = await openRun(run);
    await loadQueueNames(open);
    await exportChunks(open);
    return await finalizeRun(open);
  } catch (error) {
    // Keep what is durably written; the partial is cut back to it on resume.
    try {
      await persist(run);
    } catch {
      // The checkpoint on disk is still the last good one.
    }
    throw error;
  } finally {
    await releaseRun(run);
    lock.release();
  }
}

function newRun(options: ExportOptions, paths: ExportPaths, started: number): ExportRun {
  const { spec, client, signal } = options;
  return {
    options,
    spec,
    client,
    signal,
    withSignal: signal ? { signal } : {},
    paths,
    fingerprint: fingerprintOf(spec, options.environment),
    jobAttempts: options.jobAttempts ?? JOB_ATTEMPTS,
    checkpointEveryMs: options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS,
    started,
    partial: null,
    checkpoint: null,
    resumedFrom: null,
    chunks: [],
    queueNames: new Map(),
    lookahead: null,
    readyJob: null,
    discarded: [],
    jobResubmissions: 0,
    lastPersist: Date.now(),
  };
}

function note(run: ExportRun, line: string): void {
  run.options.onNote?.(line);
}

/** The checkpoint never claims bytes the partial file does not durably hold. */
async function persist(run: ExportRun): Promise<void> {
  if (!run.partial || !run.checkpoint) return;
  await run.partial.sync();
  run.checkpoint.updatedAt = new Date().toISOString();
  await writeCheckpoint(run.paths.checkpoint, run.checkpoint);
  run.lastPersist = Date.now();
}

// ---- Resume, or plan a fresh export.

async function openRun(run: ExportRun): Promise<OpenRun> {
  await resumeRun(run);
  const open = isOpen(run) ? announceResume(run) : await planRun(run);
  open.chunks = open.checkpoint.chunks.map(([start, end]) => ({ start, end }));
  return open;
}

function isOpen(run: ExportRun): run is OpenRun {
  return run.partial !== null && run.checkpoint !== null;
}

/** Reopens an interrupted export's partial file, cut back to what its checkpoint vouches for; leaves the run unopened to start over. */
async function resumeRun(run: ExportRun): Promise<void> {
  const { paths } = run;
  const previous = await readCheckpoint(paths.checkpoint);
  if (previous.kind === "unreadable") note(run, `ignoring ${path.basename(paths.checkpoint)} (${previous.reason}): starting over`);
  if (previous.kind !== "ok") return;
  const was = previous.checkpoint;
  const differences = fingerprintDifferences(was.fingerprint, run.fingerprint);
  if (differences.length > 0) {
    throw new ExportResumeMismatchError(
      "(resume)",
      `${path.basename(paths.partial)} is an unfinished export with other arguments (${differences.join("; ")}). ` +
        `Run that export again to finish it, or delete ${path.basename(paths.partial)} and ${path.basename(paths.checkpoint)} to start this one.`,
    );
  }
  // A job's pages are stable: continue at its cursor. A query chunk starts over (its pages shift).
  const atCursor = chunkApi(was, was.done) === "jobs" && was.job !== null;
  const bytes = atCursor ? was.bytes : was.chunkStartBytes;
  run.partial = await PartialFile.resume(paths.partial, bytes);
  if (!run.partial) {
    note(run, `${path.basename(paths.partial)} is missing or shorter than its checkpoint says: starting over`);
    return;
  }
  run.checkpoint = { ...was, bytes, count: atCursor ? was.count : was.chunkStartCount };
  run.resumedFrom = run.checkpoint.count;
}

function announceResume(run: OpenRun): OpenRun {
  const { checkpoint } = run;
  const reason = `resuming: ${checkpoint.count} conversations already written, chunk ${checkpoint.done + 1} of ${checkpoint.chunks.length}`;
  run.options.onStart?.({
    api: checkpoint.api,
    chunks: checkpoint.chunks.length,
    estimate: checkpoint.estimate,
    reason,
    resumedFrom: run.resumedFrom,
  });
  return run;
}

async function planRun(run: ExportRun): Promise<OpenRun> {
  const { options, spec } = run;
  const plan: ExportPlan = await planExport(run.client, spec, {
    ...(options.chunkMs ? { chunkMs: options.chunkMs } : {}),
    ...(options.syncMax !== undefined ? { syncMax: options.syncMax } : {}),
    ...(options.lead === false ? { lead: false } : {}),
    ...(options.windowShare !== undefined ? { windowShare: options.windowShare } : {}),
    jobPoll: { pollMs: options.jobPoll?.pollMs ?? JOB_POLL.pollMs, maxPollMs: options.jobPoll?.maxPollMs ?? JOB_POLL.maxPollMs },
    // Best effort, no signal (we may be aborting); awaited by releaseRun.
    discardJob: (id) => void run.discarded.push(run.client.detailsJobs.delete(id).catch(() => undefined)),
    ...run.withSignal,
  });
  if (plan.firstJob) {
    // Submitted while probing: the first job chunk's job (released by releaseRun if never read).
    run.lookahead = { index: plan.lead ? 1 : 0, job: Promise.resolve(plan.firstJob.id) };
    if (plan.firstJob.ready) run.readyJob = plan.firstJob.id;
  }
  const partial = await PartialFile.create(run.paths.partial);
  run.partial = partial; // closed by releaseRun even if the header cannot be written
  await partial.append(fileHeader(spec.format));
  const now = new Date().toISOString();
  const checkpoint: Checkpoint = {
    version: CHECKPOINT_VERSION,
    fingerprint: run.fingerprint,
    api: plan.api,
    chunks: plan.chunks.map((c) => [c.start, c.end] as [number, number]),
    ...(plan.lead ? { lead: true } : {}),
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
  const open: OpenRun = Object.assign(run, { partial, checkpoint });
  await persist(open);
  options.onStart?.({ api: plan.api, chunks: plan.chunks.length, estimate: plan.estimate, reason: plan.reason, resumedFrom: null });
  return open;
}

/** Queue names for the CSV: one listing, cheap. Without permission to list queues the ids remain. */
async function loadQueueNames(run: ExportRun): Promise<void> {
  if (run.spec.format !== "csv") return;
  try {
    for (const q of await run.client.listRoutingQueues(run.withSignal)) run.queueNames.set(q.id, q.name);
  } catch (error) {
    if (run.signal?.aborted) throw run.signal.reason;
    note(run, `queue names unavailable (${error instanceof Error ? error.message : String(error)}): the queueNames column stays empty`);
  }
}

// ---- Chunk by chunk.

async function exportChunks(run: OpenRun): Promise<void> {
  reportProgress(run, run.checkpoint.done);
  for (let index = run.checkpoint.done; index < run.chunks.length; index++) {
    if (chunkApi(run.checkpoint, index) === "query") await exportQueryChunk(run, index);
    else await exportJobChunk(run, index);
    if (run.checkpoint.done !== index + 1) throw new Error(`chunk ${index + 1} ended without finishing`);
    await persist(run);
  }
}

function reportProgress(run: OpenRun, index: number): void {
  const { checkpoint, chunks } = run;
  run.options.onProgress?.({
    written: checkpoint.count,
    total: Math.max(checkpoint.estimate, checkpoint.count),
    chunk: Math.min(index + 1, chunks.length),
    chunks: chunks.length,
  });
}

/** Appends the page's records that `keep` accepts, streamed: each is checked, kept or dropped, and written in turn. */
async function writePage(
  run: OpenRun,
  page: Iterable<RawConversation>,
  keep: (c: RawConversation) => boolean,
  index: number,
): Promise<void> {
  let kept = 0;
  const accepted = function* () {
    for (const conversation of page) {
      if (!keep(conversation)) continue;
      kept++;
      yield conversation;
    }
  };
  await run.partial.appendAll(formatConversations(accepted(), run.spec.format, run.queueNames));
  run.checkpoint.bytes = run.partial.bytes;
  run.checkpoint.count += kept;
  reportProgress(run, index);
}

async function restartChunk(run: OpenRun): Promise<void> {
  const { checkpoint } = run;
  await run.partial.truncate(checkpoint.chunkStartBytes);
  checkpoint.bytes = checkpoint.chunkStartBytes;
  checkpoint.count = checkpoint.chunkStartCount;
}

// Synchronous, straight after the chunk's last write: no checkpoint can ever pair the
// chunk's full bytes with a cursor (or page) that would read its last page again.
function finishChunk(run: OpenRun, index: number): void {
  const { checkpoint } = run;
  checkpoint.done = index + 1;
  checkpoint.chunkStartBytes = checkpoint.bytes;
  checkpoint.chunkStartCount = checkpoint.count;
  checkpoint.job = null;
}

function ownedBy(run: OpenRun, index: number): (c: RawConversation) => boolean {
  return (c) => ownsConversation(run.chunks, index, Date.parse(c.conversationStart));
}

/**
 * The synchronous path: the chunk's details query, page by page, in conversationStart order.
 * The query returns every conversation that started on a day the interval touches (plan.ts), so
 * a chunk that ends before its day does stops at the first page that passes its end: the
 * following pages hold only later conversations.
 */
async function exportQueryChunk(run: OpenRun, index: number): Promise<void> {
  const chunk = run.chunks[index]!;
  const seen = new RecentIds(QUERY_MAX_RESULTS); // the whole chunk: ≤ the query's result cap
  let passedEnd = false;
  const keep = (c: RawConversation) => {
    const start = Date.parse(c.conversationStart);
    if (start >= chunk.end) passedEnd = true;
    return ownsConversation(run.chunks, index, start) && !seen.seen(c.conversationId);
  };
  for await (const page of queryPages(run.client, chunkQuery(run.spec, chunk), run.signal)) {
    await writePage(run, page.conversations, keep, index);
    if (passedEnd) break;
  }
  finishChunk(run, index);
}

// ---- The async path: one analytics job per chunk.

function submitJob(run: OpenRun, index: number): Promise<string> {
  return run.client.detailsJobs.create(chunkQuery(run.spec, run.chunks[index]!), run.withSignal).then((r) => r.jobId);
}

function startLookahead(run: OpenRun, index: number): void {
  if (run.lookahead || index >= run.chunks.length) return;
  // The next chunk's job queues while this one's pages are read; a failure here only means it is submitted later.
  run.lookahead = { index, job: submitJob(run, index).catch(() => null) };
}

async function takeLookahead(run: OpenRun, index: number): Promise<string | null> {
  const ahead = run.lookahead;
  if (!ahead || ahead.index !== index) return null;
  run.lookahead = null;
  return ahead.job;
}

async function exportJobChunk(run: OpenRun, index: number): Promise<void> {
  const recent = new RecentIds(RECENT_JOB_IDS);
  let attempt = run.checkpoint.job?.attempt ?? 0;
  for (;;) {
    if (!run.checkpoint.job) {
      attempt += 1;
      const id = (await takeLookahead(run, index)) ?? (await submitJob(run, index));
      run.checkpoint.job = { id, attempt };
      await persist(run); // a resume waits for this job instead of submitting another
    }
    const job = run.checkpoint.job;
    try {
      await readJob(run, index, job, recent);
      return;
    } catch (error) {
      await restartLostJob(run, index, job, error);
      recent.clear(); // the chunk starts over from its first page
    }
  }
}

/** Writes the job's pages from its cursor on, keeping the checkpoint's cursor close behind. */
async function readJob(run: OpenRun, index: number, job: CheckpointJob, recent: RecentIds): Promise<void> {
  const { client, options } = run;
  if (run.readyJob === job.id) {
    run.readyJob = null; // FULFILLED when the plan asked: its results are there until it expires
  } else {
    await client.detailsJobs.waitUntilDone(job.id, {
      pollMs: options.jobPoll?.pollMs ?? JOB_POLL.pollMs,
      maxPollMs: options.jobPoll?.maxPollMs ?? JOB_POLL.maxPollMs,
      timeoutMs: options.jobPoll?.timeoutMs ?? JOB_TIMEOUT_MS,
      ...run.withSignal,
    });
  }
  startLookahead(run, index + 1);
  const owned = ownedBy(run, index);
  for await (const page of jobPages(client, job.id, job.cursor, run.signal)) {
    await writePage(run, page.conversations, (c) => owned(c) && !recent.seen(c.conversationId), index);
    if (page.cursor === undefined) {
      finishChunk(run, index);
    } else {
      job.cursor = page.cursor;
      if (Date.now() - run.lastPersist >= run.checkpointEveryMs) await persist(run);
    }
  }
  await client.detailsJobs.delete(job.id).catch(() => undefined); // frees the results; nothing depends on it
}

/**
 * After `readJob` failed: rethrows unless the job is lost for good. A lost job's chunk is cut
 * back to its start and a new job is due, unless this was the last of the attempts.
 */
async function restartLostJob(run: OpenRun, index: number, job: CheckpointJob, error: unknown): Promise<void> {
  if (run.signal?.aborted) throw error;
  const lost = await jobLost(run.client, job.id, error);
  if (lost === null) throw error;
  const chunk = run.chunks[index]!;
  const where = isoInterval(chunk.start, chunk.end);
  await run.client.detailsJobs.delete(job.id).catch(() => undefined);
  await restartChunk(run);
  run.checkpoint.job = null; // a resume submits afresh, with its own attempts
  // `job.attempt` counts this chunk's jobs: the one resumed, or the one just submitted.
  if (job.attempt >= run.jobAttempts) {
    throw new ExportError(
      `the analytics job for ${where} ${lost}, ${job.attempt} times in a row; run the same command later to resume from this chunk`,
    );
  }
  note(run, `the analytics job for ${where} ${lost}: submitting it again (attempt ${job.attempt + 1} of ${run.jobAttempts})`);
  run.jobResubmissions += 1;
}

// ---- Done, or stopped.

/** The partial becomes the file; the checkpoint goes. */
async function finalizeRun(run: OpenRun): Promise<ExportSummary> {
  const { partial, checkpoint } = run;
  await partial.sync();
  await partial.close();
  (run as ExportRun).partial = null; // closed: no checkpoint may follow, nothing is left to close
  await finishExportFile(run.paths);
  await rm(run.paths.checkpoint, { force: true });
  return {
    out: run.spec.out,
    api: checkpoint.api,
    lead: checkpoint.lead ?? false,
    chunks: run.chunks.length,
    conversations: checkpoint.count,
    bytes: checkpoint.bytes,
    resumedFrom: run.resumedFrom,
    jobResubmissions: run.jobResubmissions,
    durationMs: performance.now() - run.started,
    client: run.client.stats(),
  };
}

/** Whatever the outcome. */
async function releaseRun(run: ExportRun): Promise<void> {
  const pending = run.lookahead;
  if (pending) {
    // A job submitted ahead and never read: cancel it (best effort, no signal: we may be aborting).
    const id = await pending.job;
    if (id) await run.client.detailsJobs.delete(id).catch(() => undefined);
  }
  await Promise.all(run.discarded);
  await run.partial?.close().catch(() => undefined);
}
