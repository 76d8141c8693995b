/**
 * Async conversation-detail jobs (endpoints and models as in the official SDKs, e.g.
 * platform-client-sdk-javascript build/docs/AnalyticsApi.md `postAnalyticsConversationsDetailsJobs`
 * and the AsyncConversationQuery / AsyncQueryStatus models): QUEUED → PENDING → FULFILLED after
 * `jobDelayMs` (FAILED / EXPIRED when scripted with `failNext({jobState})`), CANCELLED by DELETE,
 * EXPIRED once past `expirationDate` (submission + 24 h: the real retention is not documented).
 *
 * A job matches the conversations that had activity during its interval (see details.ts), with
 * `startOfDayIntervalMatching`'s extra filter when true. `orderBy` is any of the model's values:
 * conversationStart and segmentStart order by conversationStart (a conversation's first segment
 * starts with it); conversationEnd and segmentEnd by conversationEnd (its last segment ends with
 * it), ongoing conversations after every ended one (simulator choice for the segment orders).
 *
 * Results reflect the data as of submission. In start order they are streamed hour by hour, so a
 * month-long job over a large org never holds more than one hour of conversations in memory; the
 * opaque cursor records (hour, position in that hour, results so far). In end order the job's
 * matches are collected once as packed references and sorted (kept for the few most recently read
 * jobs). Page size: default 100, maximum `jobResultsMaxPageSize` (default 1000).
 */
import { randomUUID } from "node:crypto";
import { asyncConversationQuery, type AsyncConversationQuery } from "../genesys/schemas";
import type { Conv } from "./conversations";
import { hourConversations, type SimCore } from "./core";
import { MatchRefs, allMatches, compileMatcher, conversationJson, startRange, type DetailsSpec, type Matcher } from "./details";
import { SimError, badRequest, fromZodError, notFound } from "./errors";
import { JOB_RESULTS_DEFAULT_PAGE_SIZE } from "./options";
import { HOUR_MS, isoMs } from "./time";
import { newConv, readConv } from "./traffic";

export const JOB_RETENTION_MS = 24 * HOUR_MS;
const MAX_JOBS = 500;
/**
 * The filters all kept jobs hold (their JSON size) at most: each job keeps its compiled filters,
 * and a job body may be up to 512,000 bytes. Past it the oldest jobs go, as past MAX_JOBS.
 */
const MAX_JOBS_FILTER_CHARS = 32 * 1024 * 1024;
/** End-ordered jobs whose sorted matches are kept. */
const SORTED_JOBS_KEPT = 4;

type Job = {
  id: string;
  matcher: Matcher;
  descending: boolean;
  /** conversationEnd / segmentEnd order. */
  byEnd: boolean;
  limit: number;
  submittedAt: number;
  readyAt: number;
  expiresAt: number;
  /** Scripted end state instead of FULFILLED. */
  forcedEnd?: "FAILED" | "EXPIRED";
  cancelledAt?: number;
  /** The JSON size of its filters (what its matcher holds), for MAX_JOBS_FILTER_CHARS. */
  filterChars: number;
};

type Cursor = { h: number; i: number; n: number };

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private filterChars = 0;
  private readonly sorted = new Map<string, MatchRefs>();

  create(core: SimCore, body: unknown, reach: string[] | null, forcedEnd: "FAILED" | "EXPIRED" | undefined): { jobId: string } {
    const parsed = asyncConversationQuery.safeParse(body);
    if (!parsed.success) throw fromZodError(parsed.error, body);
    const q: AsyncConversationQuery = parsed.data;
    if (q.limit !== undefined && q.limit < 1)
      throw badRequest(`Value [${q.limit}] is not valid for field [limit]: it must be 1 or more.`, "limit", "invalid.value");
    const matcher = compileMatcher(core, q as DetailsSpec, reach, "job");
    const now = core.now();
    const job: Job = {
      id: randomUUID(),
      matcher,
      descending: q.order === "desc",
      byEnd: q.orderBy === "conversationEnd" || q.orderBy === "segmentEnd",
      limit: q.limit ?? Infinity,
      submittedAt: now,
      readyAt: now + core.options.jobDelayMs,
      expiresAt: now + JOB_RETENTION_MS,
      ...(forcedEnd ? { forcedEnd } : {}),
      filterChars: JSON.stringify([q.conversationFilters ?? null, q.segmentFilters ?? null]).length,
    };
    this.jobs.set(job.id, job);
    this.filterChars += job.filterChars;
    while (this.jobs.size > MAX_JOBS || (this.filterChars > MAX_JOBS_FILTER_CHARS && this.jobs.size > 1)) {
      const oldest = this.jobs.entries().next();
      if (oldest.done) break;
      this.filterChars -= oldest.value[1].filterChars;
      this.jobs.delete(oldest.value[0]);
    }
    return { jobId: job.id };
  }

  private get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw notFound(`Job ${id} was not found.`);
    return job;
  }

  private state(job: Job, now: number): "QUEUED" | "PENDING" | "FULFILLED" | "FAILED" | "CANCELLED" | "EXPIRED" {
    if (job.cancelledAt !== undefined) return "CANCELLED";
    if (now < job.submittedAt + (job.readyAt - job.submittedAt) / 2) return "QUEUED";
    if (now < job.readyAt) return "PENDING";
    if (job.forcedEnd) return job.forcedEnd;
    return now >= job.expiresAt ? "EXPIRED" : "FULFILLED";
  }

  status(id: string, now: number): object {
    const job = this.get(id);
    const state = this.state(job, now);
    const done = state === "FULFILLED" || state === "FAILED" || state === "EXPIRED";
    return {
      state,
      ...(state === "FAILED" ? { errorMessage: "The job failed (a fault scripted in the simulator). Submit it again." } : {}),
      expirationDate: isoMs(job.expiresAt),
      submissionDate: isoMs(job.submittedAt),
      ...(done ? { completionDate: isoMs(job.readyAt) } : {}),
    };
  }

  cancel(id: string, now: number): void {
    const job = this.get(id);
    job.cancelledAt ??= now;
  }

  results(core: SimCore, id: string, cursorParam: string | undefined, pageSizeParam: string | undefined, now: number): object {
    const job = this.get(id);
    const state = this.state(job, now);
    if (state !== "FULFILLED") {
      throw new SimError(
        400,
        "bad.request",
        `The results of job ${id} are not available: its state is ${state}. Poll GET /api/v2/analytics/conversations/details/jobs/${id} until the state is FULFILLED.`,
        [{ errorCode: "bad.request", fieldName: "jobId" }],
      );
    }
    const pageSize = parsePageSize(pageSizeParam, core.options.jobResultsMaxPageSize);
    const cursor = cursorParam ? decodeCursor(job, cursorParam) : null;
    const asOf = job.submittedAt;
    const found: { c: Conv; at: Cursor }[] = [];
    const already = cursor?.n ?? 0;
    const want = Math.min(pageSize + 1, job.limit - already);

    if (job.byEnd) {
      const refs = this.sortedMatches(core, job);
      for (let i = cursor?.i ?? 0; i < refs.count && found.length < want; i++) {
        const at = job.descending ? refs.count - 1 - i : i;
        const c = readConv(core.traffic.window(refs.ids[at * 3]!, refs.ids[at * 3 + 1]!), refs.ids[at * 3 + 2]!, newConv());
        found.push({ c, at: { h: 0, i, n: 0 } });
      }
    } else if (job.matcher.ids) {
      const all = allMatches(core, job.matcher, asOf);
      if (job.descending) all.reverse();
      for (let i = cursor?.i ?? 0; i < all.length && found.length < want; i++) found.push({ c: all[i]!, at: { h: 0, i, n: 0 } });
    } else {
      const m = job.matcher;
      const { lo, hi } = startRange(core, m, asOf);
      if (hi > lo) {
        const first = Math.floor(lo / HOUR_MS);
        const last = Math.floor((hi - 1) / HOUR_MS);
        const step = job.descending ? -1 : 1;
        let hour = cursor ? cursor.h : job.descending ? last : first;
        let skip = cursor ? cursor.i : 0;
        for (; hour >= first && hour <= last && found.length < want; hour += step) {
          const matches = hourConversations(core, m.queues, hour, lo, hi, (c) => m.test(c, asOf));
          if (job.descending) matches.reverse();
          for (let i = skip; i < matches.length && found.length < want; i++) found.push({ c: matches[i]!, at: { h: hour, i, n: 0 } });
          skip = 0;
        }
      }
    }

    const more = found.length > pageSize && already + pageSize < job.limit;
    const page = found.slice(0, pageSize);
    const next = more ? found[pageSize]!.at : null;
    return {
      ...(page.length ? { conversations: page.map(({ c }) => conversationJson(core, c, asOf, true)) } : {}),
      ...(next ? { cursor: encodeCursor(job, { h: next.h, i: next.i, n: already + page.length }) } : {}),
      dataAvailabilityDate: isoMs(asOf - (asOf % 1000)),
    };
  }

  /** The job's matches as of submission, in conversationEnd order (computed once, kept for a few jobs). */
  private sortedMatches(core: SimCore, job: Job): MatchRefs {
    let refs = this.sorted.get(job.id);
    if (refs) {
      this.sorted.delete(job.id);
    } else {
      refs = MatchRefs.of(allMatches(core, job.matcher, job.submittedAt), job.submittedAt).sortedByEnd();
      while (this.sorted.size >= SORTED_JOBS_KEPT) this.sorted.delete(this.sorted.keys().next().value!);
    }
    this.sorted.set(job.id, refs);
    return refs;
  }
}

function parsePageSize(raw: string | undefined, max: number): number {
  if (raw === undefined || raw === "") return Math.min(JOB_RESULTS_DEFAULT_PAGE_SIZE, max);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw badRequest(
      `Value [${raw}] is not valid for field [pageSize]: it must be an integer between 1 and ${max}.`,
      "pageSize",
      "invalid.value",
    );
  }
  return n;
}

function encodeCursor(job: Job, c: Cursor): string {
  return Buffer.from(JSON.stringify({ j: job.id.slice(0, 8), ...c })).toString("base64url");
}

function decodeCursor(job: Job, raw: string): Cursor {
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Record<string, unknown>;
    if (v.j === job.id.slice(0, 8) && Number.isInteger(v.h) && Number.isInteger(v.i) && Number.isInteger(v.n)) {
      return { h: v.h as number, i: v.i as number, n: v.n as number };
    }
  } catch {
    // fall through
  }
  throw badRequest(`The cursor [${raw}] is not valid for job ${job.id}.`, "cursor", "invalid.value");
}
