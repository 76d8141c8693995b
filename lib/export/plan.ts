/**
 * Planning an export: which API, and which chunks.
 *
 * Start. Before anything is written, one details query with `pageSize: 1` per 7-day window reads
 * `totalHits`: an estimate of the volume (also the progress bar's total). The probes of all
 * windows run at once, and, unless `--api query` was asked, the first chunk's async job is
 * submitted at the same moment, speculatively: a job queues on the server while the probes are
 * answered, so if jobs win, the first chunk's wait has already begun. When the probes are back,
 * one status request says how far that job got.
 *
 * API choice (`--api auto`, the default): whichever is estimated to finish first for the volume
 * estimated, under the rate-limit window the answers just reported (`inin-ratelimit-allowed`,
 * `-count`, `-reset`: see lib/genesys/pacing.ts, which paces every request by them), with the
 * round trip measured on the status request (see `chooseApi`):
 * - the synchronous details query reads 100 per page, two pages in flight at once (pages are
 *   numbered, so one travels while the server prepares the next): about n/100 requests, plus two
 *   per chunk (the empty page that ends it, and the one already asked for after it), half of
 *   them on the critical path, and no job to wait for;
 * - the async details jobs read 1,000 per page by cursor: about n/1000 requests, plus a create, a
 *   status poll and a delete per chunk, plus the job's queueing time: none when the speculative
 *   job is already FULFILLED, else as long again as it has queued so far, rounded up to the poll
 *   that would see it done. Later chunks' jobs are submitted while the chunk before them is read.
 * Time = the round trips on the critical path, or, when the requests outrun what is left of the
 * window, the waits for its resets (a 300-per-minute token moves at most ~30,000 conversations a
 * minute with the query, ~300,000 with jobs). So a small export on a fresh window takes the
 * query, a large one (or any volume whose query requests would not fit in the window) takes jobs.
 * If the query wins the speculative job is deleted; if jobs win, it is the first chunk's job.
 * `--api query|jobs` forces one (jobs: the speculative job is still used). The query also has
 * hard limits that chunking keeps within: 100,000 results per query (pageNumber × pageSize) and
 * 7 days per interval; and its pages shift while the interval still receives data, which the
 * writer's per-chunk de-duplication absorbs (a job is a snapshot taken at submission).
 *
 * The lead (`--api auto` only). A job's queueing is time the server could be sending records, so
 * the plan also submits, with the first chunk's job, a job for that chunk's second half. When
 * jobs win and the first job is still queueing, the first half becomes a chunk of its own, the
 * lead, read by the details query while the second half's job queues (see `chooseLead` for when
 * it pays); the first chunk's job is then deleted, else the second half's. The lead's chunk is
 * chunk 0 (`chunkApi`); a checkpoint records it (`lead`), so a resume reads it the same way.
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
/** Details query pages in flight at once (run.ts `queryPages`): a page's number is known before the pages before it arrive. */
export const QUERY_PAGES_AHEAD = 2;
/** pageNumber × pageSize may not exceed this on the details query. */
export const QUERY_MAX_RESULTS = 100_000;
export const JOB_PAGE_SIZE = 1_000;
/** How run.ts polls a job's status (detailsJobs.waitUntilDone): at once, then after pauses doubling from pollMs up to maxPollMs. */
export type JobPoll = { pollMs: number; maxPollMs: number };
export const JOB_POLL: JobPoll = { pollMs: 100, maxPollMs: 5_000 };
/** How long the export waits for a job before giving up on it (GenesysTimeoutError). */
export const JOB_TIMEOUT_MS = 30 * 60_000;
/** A job's expected queueing time when there is nothing to go by (the speculative job could not be submitted or asked about). */
export const JOB_WAIT_GUESS_MS = 2_000;
/** Windows probed at the same time, at most. */
const PROBE_CONCURRENCY = 16;
/** `inin-ratelimit-allowed` at or above this is no limit (the simulator reports 2147483647 when off). */
const UNLIMITED = 1_000_000_000;

const QUERY_CHUNK_TARGET = 50_000;

export type ExportApi = "query" | "jobs";
export type Chunk = { start: number; end: number };

/** The first chunk's job, submitted while the volume was probed, handed to the export when jobs won. */
export type PlannedJob = {
  id: string;
  /** FULFILLED when last asked: its results can be read without polling. */
  ready: boolean;
};

export type ExportPlan = {
  api: ExportApi;
  chunks: Chunk[];
  /** With jobs: chunk 0 is the lead, read by the details query while chunk 1's job queues (see "The lead"). */
  lead: boolean;
  /** Σ totalHits of the probes: approximate (Genesys says so), overlaps counted twice. */
  estimate: number;
  /** Why this API, in one line for the terminal. */
  reason: string;
  /** With jobs: the first job chunk's job, already submitted (null if it could not be): chunk 1's with a lead, else chunk 0's. */
  firstJob: PlannedJob | null;
};

/** The API that reads chunk `index`: the lead is read by the details query, every other chunk by the export's API. */
export function chunkApi(plan: { api: ExportApi; lead?: boolean | undefined }, index: number): ExportApi {
  return plan.lead && index === 0 ? "query" : plan.api;
}

export type PlanOptions = {
  chunkMs?: number;
  /** The details query is chosen for at most this many conversations (default: no cap but its own limits). */
  syncMax?: number;
  /** How the export polls a job (the choice counts the time until a poll sees it done). */
  jobPoll?: JobPoll;
  signal?: AbortSignal;
  /**
   * A speculative job the plan does not use: by default deleted before planExport returns; the
   * export passes a hook that deletes it in the background, so the first chunk need not wait.
   */
  discardJob?(jobId: string): void;
  /** Whether a lead may be chosen (default true; the sync, which reads two days at once, says false). */
  lead?: boolean;
  /**
   * The part of the rate-limit window this export may count on (default 1): exports that run at
   * once on one token (the sync's days) share it, and each plans for its part only.
   */
  windowShare?: number;
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

// ---- The choice.

/** The rate-limit window as the last answer described it (`inin-ratelimit-allowed`, `-count`, `-reset`). */
export type RateWindow = { allowed: number; count: number; resetSeconds: number };

export type ChoiceInputs = {
  estimate: number;
  queryChunks: number;
  jobChunks: number;
  /** null: no limit reported, or an effectively unlimited one. */
  rate: RateWindow | null;
  /** One request's round trip. */
  roundTripMs: number;
  /**
   * The first chunk's job, submitted ahead: FULFILLED already (`ready`), else how much longer it
   * is expected to queue, and how long a job queues in all (for the later chunks' jobs).
   */
  job: { ready: boolean; remainingMs: number; durationMs: number };
  poll?: JobPoll;
};

export type ApiCost = {
  api: ExportApi;
  /** Requests it would make from now on. */
  requests: number;
  /** Estimated time in round trips, job waits and rate-limit waits (the records' own transfer is the same for both). */
  ms: number;
};

/**
 * Time for `requests` requests, `sequential` of them one after the other (the rest overlap them),
 * under `rate`: the round trips, unless the window runs out first; then each request past the
 * window's budget waits for a reset, as the pacer makes it (the same 5 % reserve, pacing.ts).
 */
export function requestsMs(requests: number, sequential: number, roundTripMs: number, rate: RateWindow | null): number {
  const latencyBound = sequential * roundTripMs;
  if (!rate || requests <= 0) return latencyBound;
  const usable = Math.max(1, rate.allowed - Math.max(1, Math.floor(rate.allowed * 0.05)));
  const left = Math.max(0, usable - rate.count);
  if (requests <= left) return latencyBound;
  const windowMs = Math.max(60, rate.resetSeconds) * 1000;
  const windows = Math.ceil((requests - left) / usable); // resets waited for
  const inLast = requests - left - (windows - 1) * usable;
  const spacing = latencyBound / requests;
  return Math.max(latencyBound, rate.resetSeconds * 1000 + (windows - 1) * windowMs + inLast * spacing);
}

export function queryCost(inputs: ChoiceInputs): ApiCost {
  // Every chunk reads its pages, then one more that comes back empty (and one after it, already asked for).
  const requests = Math.ceil(inputs.estimate / QUERY_PAGE_SIZE) + 2 * inputs.queryChunks;
  // QUERY_PAGES_AHEAD at a time: that many round trips overlap.
  return { api: "query", requests, ms: requestsMs(requests, Math.ceil(requests / QUERY_PAGES_AHEAD), inputs.roundTripMs, inputs.rate) };
}

/** When polling from now (at once, then after pauses doubling up to the cap) first sees done a job that needs `remainingMs` more. */
export function noticedAfter(remainingMs: number, poll: JobPoll = JOB_POLL): number {
  let at = 0;
  for (let pause = Math.max(1, poll.pollMs); at < remainingMs; pause = Math.min(Math.max(1, poll.maxPollMs), pause * 2)) at += pause;
  return at;
}

export function jobsCost(inputs: ChoiceInputs): ApiCost {
  const { jobChunks: chunks, roundTripMs, job } = inputs;
  const poll = inputs.poll ?? JOB_POLL;
  const pages = Math.max(chunks, Math.ceil(inputs.estimate / JOB_PAGE_SIZE));
  // Per chunk: create (the first is made), a status poll (none for the first if it is ready), its pages, delete.
  const requests = 3 * chunks - 1 + pages - (job.ready ? 1 : 0);
  // Later chunks' jobs are created as the chunk before them starts being read: off the critical path…
  const sequential = requests - (chunks - 1);
  // …and are polled once it is read: each waits for whatever of its queueing that did not cover.
  const readingMs = (pages / chunks + 2) * roundTripMs;
  const later = job.ready ? 0 : (chunks - 1) * noticedAfter(job.durationMs - readingMs, poll);
  const first = job.ready ? 0 : noticedAfter(job.remainingMs, poll);
  return { api: "jobs", requests, ms: first + later + requestsMs(requests, sequential, roundTripMs, inputs.rate) };
}

/** The faster API for the inputs (the query on a tie: nothing to wait for); both costs, for the reason. */
export function chooseApi(inputs: ChoiceInputs, syncMax = Infinity): { api: ExportApi; query: ApiCost; jobs: ApiCost; capped: boolean } {
  const query = queryCost(inputs);
  const jobs = jobsCost(inputs);
  const capped = inputs.estimate > syncMax;
  return { api: capped || jobs.ms < query.ms ? "jobs" : "query", query, jobs, capped };
}

/**
 * The mean of a job's remaining queueing after `elapsedMs`, under the model behind "as long again
 * as it has so far" (the median): P(done after t | not done at e) = e / t, cut off at the export's
 * job timeout M (after which the export gives up on the job): e·ln(M/e) / (1 − e/M) − e. The
 * model has a long tail, so the mean is several times the median: 40 ms queued gives ~390 ms.
 */
export function meanRemainingWaitMs(elapsedMs: number, timeoutMs = JOB_TIMEOUT_MS): number {
  const e = Math.max(1, elapsedMs);
  if (e >= timeoutMs) return 0;
  return (e * Math.log(timeoutMs / e)) / (1 - e / timeoutMs) - e;
}

/**
 * Whether to read a lead (see "The lead" above). Its records would otherwise arrive after the
 * job's wait, ten to a request instead of one: a lead that outlasts the wait costs its extra round
 * trips minus the wait, and one that does not is pure gain. The API choice goes by the typical
 * (median) wait; the lead, a bet whose loss is bounded by those round trips and whose payoff
 * grows with the wait, by the mean one (`meanRemainingWaitMs`). Its requests must also fit in
 * what is left of the rate-limit window beside the jobs' own.
 */
export function chooseLead(inputs: ChoiceInputs, leadEstimate: number): boolean {
  if (inputs.job.ready) return false;
  const requests = Math.ceil(leadEstimate / QUERY_PAGE_SIZE) + 2;
  // Its round trips, QUERY_PAGES_AHEAD at a time, beyond those the job's pages would have taken.
  const extraMs = (requests / QUERY_PAGES_AHEAD - requests / (JOB_PAGE_SIZE / QUERY_PAGE_SIZE)) * inputs.roundTripMs;
  if (extraMs > meanRemainingWaitMs(inputs.job.remainingMs)) return false;
  const total = requests + jobsCost(inputs).requests;
  return requestsMs(total, total, 0, inputs.rate) === 0;
}

const duration = (ms: number) =>
  ms < 1_000 ? `${Math.round(ms)} ms` : ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
const span = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : duration(ms));
const costLine = (cost: ApiCost, what: string) => `${what}, ~${cost.requests} requests, ~${duration(cost.ms)}`;
const rateLine = (rate: RateWindow | null) =>
  rate ? `${Math.max(0, rate.allowed - rate.count)} of ${rate.allowed} requests left for ${rate.resetSeconds} s` : "no rate limit";

// ---- Planning.

type Probe = { hits: number; ms: number };

/** One pageSize-1 details query per window, `PROBE_CONCURRENCY` at a time, in window order. */
async function probeWindows(client: GenesysClient, spec: ExportSpec, windows: Chunk[], signal?: AbortSignal): Promise<Probe[]> {
  const out: Probe[] = new Array(windows.length);
  let next = 0;
  const worker = async () => {
    while (next < windows.length) {
      const i = next++;
      const started = performance.now();
      const probe = await client.queryConversationDetailsPage(
        { ...chunkQuery(spec, windows[i]!), paging: { pageSize: 1, pageNumber: 1 } },
        signal ? { signal } : {},
      );
      out[i] = { hits: probe.totalHits ?? probe.conversations.length, ms: performance.now() - started };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, windows.length) }, worker));
  return out;
}

type Speculative = { id: string; submittedAt: number } | null;

/** Submits the job; null if it could not be (jobs then submit it again, and say why if it still fails). */
function submitSpeculativeJob(client: GenesysClient, spec: ExportSpec, chunk: Chunk, signal?: AbortSignal): Promise<Speculative> {
  const submittedAt = performance.now();
  return client.detailsJobs.create(chunkQuery(spec, chunk), signal ? { signal } : {}).then(
    ({ jobId }) => ({ id: jobId, submittedAt }),
    () => null,
  );
}

type JobProgress = ChoiceInputs["job"] & { roundTripMs: number | null };
const UNKNOWN_JOB: JobProgress = { ready: false, remainingMs: JOB_WAIT_GUESS_MS, durationMs: JOB_WAIT_GUESS_MS, roundTripMs: null };

/**
 * How far the speculative job got, from one status request: ready, or still queueing, then
 * expected to queue as long again as it has so far (nothing better is known of a job's time).
 */
async function jobProgress(client: GenesysClient, job: Speculative, signal?: AbortSignal): Promise<JobProgress> {
  if (!job) return UNKNOWN_JOB;
  const asked = performance.now();
  try {
    const status = await client.detailsJobs.status(job.id, signal ? { signal } : {});
    const now = performance.now();
    const roundTripMs = now - asked;
    if (status.state === "FULFILLED") return { ready: true, remainingMs: 0, durationMs: 0, roundTripMs };
    const elapsed = now - job.submittedAt;
    return { ready: false, remainingMs: elapsed, durationMs: 2 * elapsed, roundTripMs };
  } catch (error) {
    if (signal?.aborted) throw error;
    return UNKNOWN_JOB;
  }
}

/** The window as the last answer described it, scaled to `share` of it (see PlanOptions.windowShare). */
function rateWindowOf(client: GenesysClient, share = 1): RateWindow | null {
  const observed = client.stats().rateLimit;
  if (!observed || observed.allowed === null || observed.allowed >= UNLIMITED) return null;
  const count = observed.count ?? 0;
  return { allowed: Math.floor(observed.allowed * share), count: Math.ceil(count * share), resetSeconds: observed.resetSeconds ?? 60 };
}

function queryChunks(windows: Chunk[], probes: Probe[], chunkMs: number): Chunk[] {
  return windows.flatMap((window, i) => {
    const length = window.end - window.start;
    const parts = Math.max(Math.ceil(length / chunkMs), Math.ceil((probes[i]?.hits ?? 0) / QUERY_CHUNK_TARGET), 1);
    return splitInterval(window.start, window.end, Math.ceil(length / parts));
  });
}

/** The job chunks with the first one cut in two: its first half is the lead. */
function withLead(jobChunks: Chunk[]): Chunk[] {
  const [first, ...rest] = jobChunks;
  const middle = first!.start + Math.floor((first!.end - first!.start) / 2);
  return [{ start: first!.start, end: middle }, { start: middle, end: first!.end }, ...rest];
}

export async function planExport(client: GenesysClient, spec: ExportSpec, options: PlanOptions = {}): Promise<ExportPlan> {
  const chunkMs = options.chunkMs ?? DAY_MS;
  const { signal } = options;
  const windows = splitInterval(spec.start, spec.end, QUERY_WINDOW_MS);
  const jobChunks = splitInterval(spec.start, spec.end, chunkMs);
  const leadChunks = withLead(jobChunks);
  const leadMs = leadChunks[0]!.end - leadChunks[0]!.start;
  // The first chunk's job queues while the volume is probed: with jobs, its wait has begun. With
  // auto, so does the job for the second half of that chunk, in case a lead reads the first half.
  const speculative = spec.api === "query" ? null : submitSpeculativeJob(client, spec, jobChunks[0]!, signal);
  const mayLead = spec.api === "auto" && options.lead !== false && leadMs > 0;
  const speculativeRest = mayLead ? submitSpeculativeJob(client, spec, leadChunks[1]!, signal) : null;
  let keep: Speculative = null;
  let keepRest: Speculative = null;
  try {
    const probes = await probeWindows(client, spec, windows, signal);
    const job = speculative ? await speculative : null;
    const rest = speculativeRest ? await speculativeRest : null;
    const progress = speculative ? await jobProgress(client, job, signal) : null;
    const estimate = probes.reduce((sum, p) => sum + p.hits, 0);
    const forQuery = queryChunks(windows, probes, chunkMs);

    let api: ExportApi;
    let lead = false;
    let reason: string;
    if (spec.api !== "auto") {
      api = spec.api;
      reason = `--api ${spec.api}`;
    } else {
      const rate = rateWindowOf(client, options.windowShare);
      const inputs: ChoiceInputs = {
        estimate,
        queryChunks: forQuery.length,
        jobChunks: jobChunks.length,
        rate,
        roundTripMs: progress?.roundTripMs ?? Math.min(...probes.map((p) => p.ms)),
        job: progress ?? UNKNOWN_JOB,
        poll: options.jobPoll ?? JOB_POLL,
      };
      const choice = chooseApi(inputs, options.syncMax);
      api = choice.api;
      lead = api === "jobs" && rest !== null && chooseLead(inputs, (estimate * leadMs) / (spec.end - spec.start));
      const query = costLine(choice.query, `the details query (${QUERY_PAGE_SIZE} per page)`);
      const jobs = costLine(choice.jobs, `async details jobs (${JOB_PAGE_SIZE} per page)`);
      reason =
        `about ${estimate} conversations, ${rateLine(rate)}: ` +
        (api === "query" ? `${query}, rather than ${jobs}` : `${jobs}, rather than ${query}`) +
        (choice.capped ? ` (over ${options.syncMax} conversations)` : "") +
        (lead ? `; the first ${span(leadMs)} by the details query while the job for the rest queues` : "");
    }
    if (lead) keepRest = rest;
    else if (api === "jobs") keep = job;
    const kept = keepRest ?? keep;
    return {
      api,
      chunks: lead ? leadChunks : api === "jobs" ? jobChunks : forQuery,
      lead,
      estimate,
      reason,
      firstJob: kept ? { id: kept.id, ready: !lead && (progress?.ready ?? false) } : null,
    };
  } finally {
    // Jobs not used (the query won, a lead took the place of the first chunk's job, or planning
    // failed): cancel them, without the signal (we may be aborting).
    for (const [submitted, kept] of [
      [speculative, keep],
      [speculativeRest, keepRest],
    ] as const) {
      const job = submitted && !kept ? await submitted : null;
      if (!job) continue;
      if (options.discardJob) options.discardJob(job.id);
      else await client.detailsJobs.delete(job.id).catch(() => undefined);
    }
  }
}
