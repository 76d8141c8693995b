/**
 * Conversation details: the JSON records (AnalyticsConversation) built on demand from the compact
 * records, the filters of the details query, and POST …/details/query itself.
 *
 * Interval semantics, as the models of the official SDKs describe the `interval` field
 * (platform-client-sdk-dotnet docs/ConversationQuery.md and docs/AsyncConversationQuery.md):
 * - sync query (ConversationQuery): "Results will only include conversations that started on a
 *   day touched by the interval": conversationStart in [UTC midnight of the interval's first day,
 *   UTC midnight after its last day). Whether Genesys also requires activity during the interval
 *   is not documented; by default the simulator does not (so a client gets every conversation of
 *   those days and must not assume they all overlap its interval); option
 *   `detailsQueryRequiresActivity` adds that condition.
 * - async jobs (AsyncConversationQuery): "Results will include all conversations that had
 *   activity during the interval": [conversationStart, conversationEnd, or now while ongoing]
 *   overlaps [start, end). `startOfDayIntervalMatching: true` adds "a filter to only include
 *   conversations that started after the beginning of the interval start date (UTC)".
 *
 * No snapshot: "Every API request reflects data the system is aware of when the request was made"
 * (Genesys Developer Center blog "How the Analytics Conversation Details Query API Works",
 * 2022-04-21): each page request re-evaluates the query at that moment, so totalHits and pages
 * shift while conversations arrive. Only what can no longer change is cached (see
 * DetailsQueryCache), so a cached answer always equals the live one.
 */
import { createHash } from "node:crypto";
import { conversationQuery, type ConversationQuery } from "../genesys/schemas";
import {
  KIND_PURPOSE,
  MAX_CONVERSATION_MS,
  conversationIdOf,
  decodeConversationId,
  emitMetrics,
  planParticipants,
  METRIC_NAMES,
  type Conv,
  type MetricSink,
  type PlanParticipant,
  type PlanSegment,
  type SessionKind,
} from "./conversations";
import { hourConversations, historyStart, type SimCore } from "./core";
import { SimError, badRequest, fromZodError, notFound } from "./errors";
import { compileFilter, compileFilters, limitPredicates, requiredValues, type Filter, type FilterSpace, type Test } from "./filters";
import { SIM_MEDIA, visibleQueueIndexes, type SimOrg, type SimQueue } from "./org";
import { hash32, hashString, uuidFrom } from "./random";
import { newConv, readConv } from "./traffic";
import { DAY_MS, HOUR_MS, isoMs, parseInterval } from "./time";

// ---------------------------------------------------------------------------------------------
// JSON records

const CUSTOMER_FIRST = ["Jordan", "Casey", "Robin", "Taylor", "Morgan", "Jamie", "Riley", "Alexis", "Quinn", "Avery", "Sasha", "Drew"];
const CUSTOMER_LAST = ["Lee", "Patel", "Smith", "Brown", "Khan", "Walsh", "Meyer", "Rossi", "Chen", "Dupont", "Ahmed", "Lopez"];
const TIERS = ["Standard", "Standard", "Standard", "Gold", "Platinum"];
const TAG_PARTICIPANT = hashString("participant");
const TAG_SESSION = hashString("session");

export function customerName(c: Conv): string {
  return `${CUSTOMER_FIRST[c.variant % CUSTOMER_FIRST.length]} ${CUSTOMER_LAST[(c.variant >>> 8) % CUSTOMER_LAST.length]}`;
}

function mailbox(q: SimQueue): string {
  return `${q.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}@sim.example.com`;
}

/** Addresses of the customer's side and the queue's side for each media. */
export function addresses(c: Conv, q: SimQueue): { from: string; to: string; voice: boolean } {
  const phone = `+1555${String(hash32(c.variant, 1) % 10_000_000).padStart(7, "0")}`;
  const queueNumber = `+1800555${String(1000 + q.index).slice(-4)}`;
  switch (SIM_MEDIA[c.media]) {
    case "voice":
      return { from: `tel:${phone}`, to: `tel:${queueNumber}`, voice: true };
    case "email": {
      const n = customerName(c).toLowerCase().replace(" ", ".");
      return { from: `${n}@example.net`, to: mailbox(q), voice: false };
    }
    case "message":
      return { from: phone, to: queueNumber, voice: false };
    default:
      return { from: customerName(c), to: q.name, voice: false };
  }
}

function participantName(org: SimOrg, c: Conv, q: SimQueue, p: PlanParticipant): string {
  switch (p.kind) {
    case "customer":
      return customerName(c);
    case "ivr":
      return "Main IVR";
    case "acd":
      return q.name;
    case "external":
      return "Back Office";
    default:
      return org.users[p.user]?.name ?? "Agent";
  }
}

function customerAttributes(c: Conv, q: SimQueue): Record<string, string> {
  return {
    "ivr.Selection": q.name,
    customerTier: TIERS[(c.variant >>> 16) % TIERS.length]!,
    accountNumber: `AC${String(hash32(c.variant, 2) % 100_000_000).padStart(8, "0")}`,
    language: (c.variant >>> 24) % 5 === 0 ? "es-US" : "en-US",
  };
}

/**
 * The customer's session id (the customer is always the first participant, see
 * planParticipants): the same id the details endpoints give that session.
 */
export function customerSessionId(seed: number, c: Conv): string {
  return uuidFrom(seed, TAG_SESSION, c.queue, c.hour, c.seq, 0);
}

type SessionJson = { metrics: { name: string; value: number; emitDate: string }[] };

/**
 * The AnalyticsConversation record of `c` as of `now`. `withAttributes` adds participant
 * `attributes` (async job results use AnalyticsParticipant; the sync query does not).
 */
export function conversationJson(core: SimCore, c: Conv, now: number, withAttributes: boolean): Record<string, unknown> {
  const { org } = core;
  const seed = core.options.seed;
  const q = org.queues[c.queue]!;
  const media = SIM_MEDIA[c.media];
  const addr = addresses(c, q);
  const plan = planParticipants(c, now);
  const sessions = new Map<SessionKind, SessionJson>();
  const participants = plan.map((p, i) => {
    const session: Record<string, unknown> & SessionJson = {
      mediaType: media,
      sessionId: uuidFrom(seed, TAG_SESSION, c.queue, c.hour, c.seq, i),
      direction: "inbound",
      ...(addr.voice ? { ani: addr.from, dnis: addr.to } : {}),
      addressFrom: addr.from,
      addressTo: addr.to,
      metrics: [],
      segments: p.segments.map((s) => segmentJson(org, q, s)),
    };
    sessions.set(p.kind, session);
    const user = p.user >= 0 ? org.users[p.user] : undefined;
    return {
      participantId: uuidFrom(seed, TAG_PARTICIPANT, c.queue, c.hour, c.seq, i),
      participantName: participantName(org, c, q, p),
      purpose: KIND_PURPOSE[p.kind],
      ...(user ? { userId: user.id } : {}),
      ...(withAttributes && p.kind === "customer" ? { attributes: customerAttributes(c, q) } : {}),
      sessions: [session],
    };
  });
  let current: SessionJson | undefined;
  const sink: MetricSink = {
    session(kind) {
      current = sessions.get(kind);
      return current !== undefined;
    },
    metric(mid, value, emit) {
      current!.metrics.push({ name: METRIC_NAMES[mid]!, value, emitDate: isoMs(emit) });
    },
  };
  emitMetrics(c, q, now, core.options.shortAbandonSeconds * 1000, sink);
  for (const s of sessions.values()) if (s.metrics.length === 0) delete (s as Partial<SessionJson>).metrics;

  return {
    conversationId: conversationIdOf(seed, c),
    conversationStart: isoMs(c.start),
    ...(c.end <= now ? { conversationEnd: isoMs(c.end) } : {}),
    originatingDirection: "inbound",
    divisionIds: [q.divisionId],
    conversationInitiator: "customer",
    customerParticipation: true,
    participants,
  };
}

function segmentJson(org: SimOrg, q: SimQueue, s: PlanSegment): Record<string, unknown> {
  return {
    segmentStart: isoMs(s.start),
    ...(s.end !== undefined ? { segmentEnd: isoMs(s.end) } : {}),
    segmentType: s.type,
    ...(s.queue ? { queueId: q.id } : {}),
    ...(s.wrapup !== undefined && s.wrapup >= 0 && s.end !== undefined ? { wrapUpCode: org.wrapUpCodes[s.wrapup]?.id } : {}),
    ...(s.disconnect && s.end !== undefined ? { disconnectType: s.disconnect } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Matching

type ConvCtx = { conv: Conv; queue: SimQueue };
type SegCtx = { conv: Conv; queue: SimQueue; part: PlanParticipant; seg: PlanSegment };

/** The filterable part of a details query or job. */
export type DetailsSpec = {
  interval: string;
  startOfDayIntervalMatching?: boolean;
  conversationFilters?: Filter[];
  segmentFilters?: Filter[];
  evaluationFilters?: unknown[];
  surveyFilters?: unknown[];
  resolutionFilters?: unknown[];
};

export type Matcher = {
  start: number;
  end: number;
  /** Matching conversations started in [startLo, startHi). */
  startLo: number;
  startHi: number;
  /** Queue indexes that can match. */
  queues: number[];
  /** When the filters name conversation ids: those conversations' coordinates only. */
  ids: { queue: number; hour: number; seq: number }[] | null;
  test(c: Conv, now: number): boolean;
};

/**
 * `kind`: "sync" matches by the day the conversation started (plus activity during the interval
 * with option detailsQueryRequiresActivity); "job" by activity during the interval (plus the
 * start-of-day filter with `startOfDayIntervalMatching`). See the top of this file.
 */
export function compileMatcher(core: SimCore, spec: DetailsSpec, reach: string[] | null, kind: "sync" | "job"): Matcher {
  const { org } = core;
  const seed = core.options.seed;
  const { start, end } = parseInterval(spec.interval);
  const firstDay = Math.floor(start / DAY_MS) * DAY_MS;
  const startLo = kind === "sync" || spec.startOfDayIntervalMatching ? firstDay : start - MAX_CONVERSATION_MS;
  const startHi = kind === "sync" ? Math.ceil(end / DAY_MS) * DAY_MS : end;
  const activity = kind === "job" || core.options.detailsQueryRequiresActivity;
  for (const f of ["evaluationFilters", "surveyFilters", "resolutionFilters"] as const) {
    if (spec[f]?.length)
      throw badRequest(`${f} are not modelled by the simulator (it has no evaluations, surveys or resolutions).`, f, "invalid.value");
  }
  const convSpace: FilterSpace<ConvCtx> = {
    field: "conversationFilters",
    dimensions: {
      conversationId: (c) => conversationIdOf(seed, c.conv),
      divisionId: (c) => c.queue.divisionId,
      originatingDirection: () => "inbound",
      conversationInitiator: () => "customer",
      customerParticipation: () => "true",
    },
  };
  const segSpace: FilterSpace<SegCtx> = {
    field: "segmentFilters",
    dimensions: {
      queueId: (c) => (c.seg.queue ? c.queue.id : undefined),
      mediaType: (c) => SIM_MEDIA[c.conv.media],
      direction: () => "inbound",
      purpose: (c) => KIND_PURPOSE[c.part.kind],
      userId: (c) => (c.part.user >= 0 ? org.users[c.part.user]?.id : undefined),
      wrapUpCode: (c) =>
        c.seg.wrapup !== undefined && c.seg.wrapup >= 0 && c.seg.end !== undefined ? org.wrapUpCodes[c.seg.wrapup]?.id : undefined,
      segmentType: (c) => c.seg.type,
      disconnectType: (c) => (c.seg.end !== undefined ? c.seg.disconnect : undefined),
      participantName: (c) => participantName(org, c.conv, c.queue, c.part),
      ani: (c) => (c.part.kind !== "ivr" ? voiceAddress(c, "from") : undefined),
      dnis: (c) => (c.part.kind !== "ivr" ? voiceAddress(c, "to") : undefined),
      addressFrom: (c) => addresses(c.conv, c.queue).from,
      addressTo: (c) => addresses(c.conv, c.queue).to,
    },
    metrics: { tSegmentDuration: (c) => (c.seg.end !== undefined ? c.seg.end - c.seg.start : undefined) },
  };
  limitPredicates(spec.conversationFilters ?? [], "conversationFilters");
  limitPredicates(spec.segmentFilters ?? [], "segmentFilters");
  const convTest = compileFilters(spec.conversationFilters, convSpace);
  const segTests: Test<SegCtx>[] = (spec.segmentFilters ?? []).map((f, i) => compileFilter(f, segSpace, `segmentFilters[${i}]`));

  let queues = visibleQueueIndexes(org, reach);
  const cf = spec.conversationFilters ?? [];
  const sf = spec.segmentFilters ?? [];
  const queueIds = requiredValues(sf, "queueId");
  if (queueIds) queues = queues.filter((i) => queueIds.has(org.queues[i]!.id));
  const divisionIds = requiredValues(cf, "divisionId");
  if (divisionIds) queues = queues.filter((i) => divisionIds.has(org.queues[i]!.divisionId));
  const medias = requiredValues(sf, "mediaType");
  if (medias) queues = queues.filter((i) => org.queues[i]!.mediaTypes.some((m) => medias.has(m)));
  const allowed = new Set(queues);

  const conversationIds = requiredValues(cf, "conversationId");
  const ids = conversationIds
    ? [...conversationIds]
        .map((id) => decodeConversationId(seed, id))
        .filter((x): x is NonNullable<typeof x> => x !== null && allowed.has(x.queue))
    : null;

  const test = (c: Conv, now: number): boolean => {
    if (!allowed.has(c.queue)) return false;
    if (c.start > now || c.start < startLo || c.start >= startHi) return false;
    if (activity && (c.start >= end || Math.min(c.end, now) < start)) return false;
    const queue = org.queues[c.queue]!;
    if (convTest && !convTest({ conv: c, queue })) return false;
    if (segTests.length) {
      const plan = planParticipants(c, now);
      const ctx: SegCtx = { conv: c, queue, part: plan[0]!, seg: plan[0]!.segments[0]! };
      for (const t of segTests) {
        let hit = false;
        for (const part of plan) {
          ctx.part = part;
          for (const seg of part.segments) {
            ctx.seg = seg;
            if (t(ctx)) {
              hit = true;
              break;
            }
          }
          if (hit) break;
        }
        if (!hit) return false;
      }
    }
    return true;
  };
  return { start, end, startLo, startHi, queues, ids, test };
}

function voiceAddress(c: SegCtx, side: "from" | "to"): string | undefined {
  const a = addresses(c.conv, c.queue);
  return a.voice ? a[side] : undefined;
}

/** A conversation by coordinates, if it exists by `now` and within the history horizon. */
export function conversationAt(core: SimCore, at: { queue: number; hour: number; seq: number }, now: number): Conv | undefined {
  if (at.queue >= core.org.queues.length) return undefined;
  const w = core.traffic.window(at.queue, at.hour);
  if (at.seq >= w.count) return undefined;
  const c = readConv(w, at.seq, newConv());
  if (c.start > now || c.start < historyStart(core, now)) return undefined;
  return c;
}

/** Every matching conversation in ascending conversationStart order (start, queue, seq). */
export function allMatches(core: SimCore, m: Matcher, now: number): Conv[] {
  if (m.ids) {
    const found: Conv[] = [];
    for (const at of m.ids) {
      const c = conversationAt(core, at, now);
      if (c && m.test(c, now)) found.push(c);
    }
    return found.sort(byStart);
  }
  const out: Conv[] = [];
  const { lo, hi } = startRange(core, m, now);
  if (hi <= lo) return out;
  const keep = (c: Conv) => m.test(c, now);
  for (let hour = Math.floor(lo / HOUR_MS); hour <= Math.floor((hi - 1) / HOUR_MS); hour++) {
    for (const c of hourConversations(core, m.queues, hour, lo, hi, keep)) out.push(c);
  }
  return out;
}

/** The start times a match can have by `now`: the matcher's, within the history horizon and not after now. */
export function startRange(core: SimCore, m: Matcher, now: number): { lo: number; hi: number } {
  return { lo: Math.max(m.startLo, historyStart(core, now)), hi: Math.min(m.startHi, now + 1) };
}

export const byStart = (a: Conv, b: Conv): number => a.start - b.start || a.queue - b.queue || a.seq - b.seq;

/** conversationEnd order: ended conversations by end, then ongoing ones (no end yet); ties by start. */
export function endKey(c: Conv, now: number): number {
  return c.end > now ? Infinity : c.end;
}

/**
 * Matches as packed references: (queue, hour, seq) triples plus (end key, start) pairs, 28 bytes
 * each instead of a record, so even a week of a 200-queue org (~400k matches) is a few MB; a
 * page re-reads its records.
 */
export class MatchRefs {
  ids = new Int32Array(3 * 256);
  keys = new Float64Array(2 * 256);
  count = 0;

  private reserve(n: number): void {
    if ((this.count + n) * 3 <= this.ids.length) return;
    let size = this.ids.length / 3;
    while (size < this.count + n) size *= 2;
    const ids = new Int32Array(size * 3);
    ids.set(this.ids.subarray(0, this.count * 3));
    this.ids = ids;
    const keys = new Float64Array(size * 2);
    keys.set(this.keys.subarray(0, this.count * 2));
    this.keys = keys;
  }

  push(c: Conv, endKeyValue: number): void {
    this.reserve(1);
    const i = this.count++;
    this.ids[i * 3] = c.queue;
    this.ids[i * 3 + 1] = c.hour;
    this.ids[i * 3 + 2] = c.seq;
    this.keys[i * 2] = endKeyValue;
    this.keys[i * 2 + 1] = c.start;
  }

  append(other: MatchRefs): void {
    this.reserve(other.count);
    this.ids.set(other.ids.subarray(0, other.count * 3), this.count * 3);
    this.keys.set(other.keys.subarray(0, other.count * 2), this.count * 2);
    this.count += other.count;
  }

  copyFrom(other: MatchRefs, i: number): void {
    this.reserve(1);
    const k = this.count++;
    this.ids[k * 3] = other.ids[i * 3]!;
    this.ids[k * 3 + 1] = other.ids[i * 3 + 1]!;
    this.ids[k * 3 + 2] = other.ids[i * 3 + 2]!;
    this.keys[k * 2] = other.keys[i * 2]!;
    this.keys[k * 2 + 1] = other.keys[i * 2 + 1]!;
  }

  /** Compare entry i of this with entry j of other in conversationEnd order (end key, start, queue, seq). */
  compareByEnd(i: number, other: MatchRefs, j: number): number {
    return (
      cmp(this.keys[i * 2]!, other.keys[j * 2]!) ||
      this.keys[i * 2 + 1]! - other.keys[j * 2 + 1]! ||
      this.ids[i * 3]! - other.ids[j * 3]! ||
      this.ids[i * 3 + 2]! - other.ids[j * 3 + 2]!
    );
  }

  /** A copy in conversationEnd order. */
  sortedByEnd(): MatchRefs {
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    const sorted = [...order].sort((a, b) => this.compareByEnd(a, this, b));
    const out = new MatchRefs();
    for (const i of sorted) out.copyFrom(this, i);
    return out;
  }

  /** Merge two lists each in conversationEnd order. */
  static mergeByEnd(a: MatchRefs, b: MatchRefs): MatchRefs {
    const out = new MatchRefs();
    let i = 0;
    let j = 0;
    while (i < a.count || j < b.count) {
      if (j >= b.count || (i < a.count && a.compareByEnd(i, b, j) <= 0)) out.copyFrom(a, i++);
      else out.copyFrom(b, j++);
    }
    return out;
  }

  static of(convs: Conv[], now: number): MatchRefs {
    const out = new MatchRefs();
    for (const c of convs) out.push(c, endKey(c, now));
    return out;
  }
}

/** Matches in order: a list, or the cached part followed by the live part (no copy). */
export type MatchList = { count: number; at(i: number): { queue: number; hour: number; seq: number } };

export function listOf(...parts: MatchRefs[]): MatchList {
  const count = parts.reduce((n, p) => n + p.count, 0);
  return {
    count,
    at(i) {
      let k = i;
      for (const p of parts) {
        if (k < p.count) return { queue: p.ids[k * 3]!, hour: p.ids[k * 3 + 1]!, seq: p.ids[k * 3 + 2]! };
        k -= p.count;
      }
      throw new RangeError(`match ${i} of ${count}`);
    },
  };
}

function cmp(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// POST /api/v2/analytics/conversations/details/query

const DEFAULT_PAGE_SIZE = 25;
/** The most match references the query cache keeps. */
const CACHE_MAX_REFS = 2_000_000;
/** Queries cached at most, whatever their size: every distinct query (its JSON is the key) adds one. */
const CACHE_MAX_ENTRIES = 256;

type CacheEntry = {
  /** The first start time the entry covers (the history horizon moves hourly; when it cuts into the query, the entry is redone). */
  lo: number;
  /** Matches of the start hours before this one, in conversationStart order: final. */
  stableEnd: number;
  stable: MatchRefs;
  /** `stable` in conversationEnd order, made on demand. */
  stableByEnd?: MatchRefs;
};

/**
 * No snapshot: every request evaluates the query as of its own `now`. What is cached is only what
 * can no longer change: the matches among conversations that started in an hour whose every
 * conversation has ended by now (start hour end + MAX_CONVERSATION_MS <= now). Whether such a
 * conversation matches, and its end, are then final, so the cached part equals the live answer;
 * the later hours are evaluated live on every request.
 */
export class DetailsQueryCache {
  private readonly entries = new Map<string, CacheEntry>();

  /** The matches of a query as of `now`, in ascending conversationStart or conversationEnd order. */
  matches(core: SimCore, key: string, m: Matcher, now: number, byEnd: boolean): MatchList {
    if (m.ids) {
      const found = allMatches(core, m, now);
      const refs = MatchRefs.of(found, now);
      return listOf(byEnd ? refs.sortedByEnd() : refs);
    }
    const { lo, hi } = startRange(core, m, now);
    if (hi <= lo) return listOf();
    const firstHour = Math.floor(lo / HOUR_MS);
    const lastHour = Math.floor((hi - 1) / HOUR_MS);
    const stableEnd = Math.max(firstHour, Math.min(lastHour + 1, Math.floor((now - MAX_CONVERSATION_MS) / HOUR_MS)));
    const collect = (from: number, to: number): MatchRefs => {
      const refs = new MatchRefs();
      const keep = (c: Conv) => m.test(c, now);
      for (let hour = from; hour < to; hour++)
        for (const c of hourConversations(core, m.queues, hour, lo, hi, keep)) refs.push(c, endKey(c, now));
      return refs;
    };

    let entry = this.entries.get(key);
    // Redo when the horizon cut into the query, or when the clock went back (tests can do that).
    if (entry && (entry.lo !== lo || entry.stableEnd > stableEnd)) entry = undefined;
    const fresh = !entry;
    entry ??= { lo, stableEnd: firstHour, stable: new MatchRefs() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (fresh) this.evict();
    if (entry.stableEnd < stableEnd) {
      entry.stable.append(collect(entry.stableEnd, stableEnd));
      entry.stableEnd = stableEnd;
      delete entry.stableByEnd;
      this.evict();
    }
    const live = collect(Math.max(entry.stableEnd, firstHour), lastHour + 1);
    if (!byEnd) return listOf(entry.stable, live);
    entry.stableByEnd ??= entry.stable.sortedByEnd();
    return listOf(live.count === 0 ? entry.stableByEnd : MatchRefs.mergeByEnd(entry.stableByEnd, live.sortedByEnd()));
  }

  private evict(): void {
    let total = 0;
    for (const e of this.entries.values()) total += e.stable.count * (e.stableByEnd ? 2 : 1);
    while ((total > CACHE_MAX_REFS || this.entries.size > CACHE_MAX_ENTRIES) && this.entries.size > 1) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      const e = this.entries.get(oldest.value)!;
      total -= e.stable.count * (e.stableByEnd ? 2 : 1);
      this.entries.delete(oldest.value);
    }
  }
}

export function detailsQuery(core: SimCore, cache: DetailsQueryCache, body: unknown, reach: string[] | null): object {
  const parsed = conversationQuery.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error, body);
  const q: ConversationQuery = parsed.data;
  const opts = core.options;
  const pageSize = q.paging?.pageSize ?? DEFAULT_PAGE_SIZE;
  const pageNumber = q.paging?.pageNumber ?? 1;
  if (pageSize < 1 || pageSize > opts.detailsMaxPageSize) {
    throw badRequest(
      `Value [${pageSize}] is not valid for field [paging.pageSize]: it must be between 1 and ${opts.detailsMaxPageSize}.`,
      "paging.pageSize",
      "invalid.value",
    );
  }
  if (pageNumber < 1)
    throw badRequest(
      `Value [${pageNumber}] is not valid for field [paging.pageNumber]: it must be 1 or more.`,
      "paging.pageNumber",
      "invalid.value",
    );
  if (pageNumber * pageSize > opts.detailsMaxResults) {
    throw badRequest(
      `paging.pageNumber x paging.pageSize may not exceed ${opts.detailsMaxResults}. Narrow the interval or use the async details jobs (POST /api/v2/analytics/conversations/details/jobs).`,
      "paging.pageNumber",
    );
  }
  if (q.aggregations?.length) throw badRequest("aggregations are not modelled by the simulator.", "aggregations", "invalid.value");
  const matcher = compileMatcher(core, q as DetailsSpec, reach, "sync");
  if (matcher.end - matcher.start > opts.detailsMaxIntervalDays * DAY_MS) {
    throw badRequest(
      `The interval may span at most ${opts.detailsMaxIntervalDays} days for this query; use the async details jobs for longer intervals.`,
      "interval",
    );
  }

  const now = core.now();
  const descending = q.order === "desc";
  const byEnd = q.orderBy === "conversationEnd" || q.orderBy === "segmentEnd";
  // Hashed: the query's JSON can be up to the body limit, and the cache keeps 256 of them.
  const key = createHash("sha256")
    .update(JSON.stringify([q.interval, q.conversationFilters ?? null, q.segmentFilters ?? null, reach, opts.detailsQueryRequiresActivity]))
    .digest("base64url");
  const refs = cache.matches(core, key, matcher, now, byEnd);
  const count = refs.count;

  const from = (pageNumber - 1) * pageSize;
  const conversations: object[] = [];
  for (let i = from; i < Math.min(count, from + pageSize); i++) {
    const at = refs.at(descending ? count - 1 - i : i);
    conversations.push(conversationJson(core, readConv(core.traffic.window(at.queue, at.hour), at.seq, newConv()), now, false));
  }
  return { ...(conversations.length ? { conversations } : {}), totalHits: count };
}

/** GET /api/v2/analytics/conversations/{conversationId}/details */
export function conversationById(core: SimCore, conversationId: string, reach: string[] | null): object {
  const now = core.now();
  const at = decodeConversationId(core.options.seed, conversationId);
  const c = at ? conversationAt(core, at, now) : undefined;
  const visible = c && visibleQueueIndexes(core.org, reach).includes(c.queue);
  if (!c || !visible) throw notFound(`Conversation ${conversationId} was not found.`);
  return conversationJson(core, c, now, false);
}

/** GET /api/v2/analytics/conversations/details?id=a,b */
export function conversationsByIds(core: SimCore, ids: string[], reach: string[] | null): object {
  if (ids.length === 0)
    throw new SimError(400, "required.field.missing", "A required field is missing a value: [id].", [
      { errorCode: "required.field.missing", fieldName: "id" },
    ]);
  if (ids.length > 100) throw badRequest("At most 100 conversation ids may be requested at once.", "id");
  const now = core.now();
  const visible = new Set(visibleQueueIndexes(core.org, reach));
  const out: object[] = [];
  for (const id of ids) {
    const at = decodeConversationId(core.options.seed, id);
    const c = at ? conversationAt(core, at, now) : undefined;
    if (c && visible.has(c.queue)) out.push(conversationJson(core, c, now, false));
  }
  return { conversations: out };
}
