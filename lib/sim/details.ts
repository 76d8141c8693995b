/**
 * Conversation details: the JSON records (AnalyticsConversation) built on demand from the compact
 * records, the filters of the details query, and POST …/details/query itself.
 *
 * Interval semantics (sync query and async jobs alike): a conversation matches when it had
 * activity during the interval, i.e. [conversationStart, conversationEnd — or now while ongoing]
 * overlaps [start, end): start < interval end and (end or now) >= interval start. So every
 * metric emitted inside the interval belongs to a conversation the query returns.
 */
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
import { conversationsByHour, historyStart, type SimCore } from "./core";
import { SimError, badRequest, fromZodError, notFound } from "./errors";
import { compileFilter, compileFilters, requiredValues, type Filter, type FilterSpace, type Test } from "./filters";
import { SIM_MEDIA, visibleQueueIndexes, type SimOrg, type SimQueue } from "./org";
import { hash32, hashString, uuidFrom } from "./random";
import { newConv, readConv } from "./traffic";
import { DAY_MS, isoMs, parseInterval } from "./time";

// ---------------------------------------------------------------------------------------------
// JSON records

const CUSTOMER_FIRST = ["Jordan", "Casey", "Robin", "Taylor", "Morgan", "Jamie", "Riley", "Alexis", "Quinn", "Avery", "Sasha", "Drew"];
const CUSTOMER_LAST = ["Lee", "Patel", "Smith", "Brown", "Khan", "Walsh", "Meyer", "Rossi", "Chen", "Dupont", "Ahmed", "Lopez"];
const TIERS = ["Standard", "Standard", "Standard", "Gold", "Platinum"];
const TAG_PARTICIPANT = hashString("participant");
const TAG_SESSION = hashString("session");

function customerName(c: Conv): string {
  return `${CUSTOMER_FIRST[c.variant % CUSTOMER_FIRST.length]} ${CUSTOMER_LAST[(c.variant >>> 8) % CUSTOMER_LAST.length]}`;
}

function mailbox(q: SimQueue): string {
  return `${q.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}@sim.example.com`;
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
  emitMetrics(c, q, now, sink);
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
  conversationFilters?: Filter[];
  segmentFilters?: Filter[];
  evaluationFilters?: unknown[];
  surveyFilters?: unknown[];
  resolutionFilters?: unknown[];
};

export type Matcher = {
  start: number;
  end: number;
  /** Queue indexes that can match. */
  queues: number[];
  /** When the filters name conversation ids: those conversations' coordinates only. */
  ids: { queue: number; hour: number; seq: number }[] | null;
  test(c: Conv, now: number): boolean;
};

export function compileMatcher(core: SimCore, spec: DetailsSpec, reach: string[] | null): Matcher {
  const { org } = core;
  const seed = core.options.seed;
  const { start, end } = parseInterval(spec.interval);
  for (const f of ["evaluationFilters", "surveyFilters", "resolutionFilters"] as const) {
    if (spec[f]?.length) throw badRequest(`${f} are not modelled by the simulator (it has no evaluations, surveys or resolutions).`, f, "invalid.value");
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
      wrapUpCode: (c) => (c.seg.wrapup !== undefined && c.seg.wrapup >= 0 && c.seg.end !== undefined ? org.wrapUpCodes[c.seg.wrapup]?.id : undefined),
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
    if (c.start > now || c.start >= end || Math.min(c.end, now) < start) return false;
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
  return { start, end, queues, ids, test };
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

/** Every matching conversation in ascending conversationStart order. */
export function allMatches(core: SimCore, m: Matcher, now: number): Conv[] {
  const out: Conv[] = [];
  forEachMatch(core, m, now, (c) => out.push(c));
  return out;
}

function forEachMatch(core: SimCore, m: Matcher, now: number, visit: (c: Conv) => void): void {
  if (m.ids) {
    const found: Conv[] = [];
    for (const at of m.ids) {
      const c = conversationAt(core, at, now);
      if (c && m.test(c, now)) found.push(c);
    }
    found.sort((a, b) => a.start - b.start || a.queue - b.queue || a.seq - b.seq).forEach(visit);
    return;
  }
  const keep = (c: Conv) => m.test(c, now);
  for (const { convs } of conversationsByHour(core, m.queues, m.start - MAX_CONVERSATION_MS, m.end, now, false, keep)) convs.forEach(visit);
}

/**
 * A query's matches as (queue, hour, seq) triples: 12 bytes each instead of a record, so even a
 * week of a 200-queue org (~400k matches) is a few MB; a page re-reads its 100 records.
 */
type MatchRefs = { refs: Int32Array; count: number };

function collectRefs(core: SimCore, m: Matcher, now: number, byEnd: boolean, descending: boolean): MatchRefs {
  let refs = new Int32Array(3 * 1024);
  let count = 0;
  const push = (c: Conv) => {
    if (count * 3 + 3 > refs.length) {
      const bigger = new Int32Array(refs.length * 2);
      bigger.set(refs);
      refs = bigger;
    }
    refs[count * 3] = c.queue;
    refs[count * 3 + 1] = c.hour;
    refs[count * 3 + 2] = c.seq;
    count++;
  };
  if (byEnd) {
    // Ongoing conversations have no end yet: they sort after every ended one.
    const all = allMatches(core, m, now);
    all.sort((a, b) => (a.end > now ? Infinity : a.end) - (b.end > now ? Infinity : b.end) || a.start - b.start);
    all.forEach(push);
  } else {
    forEachMatch(core, m, now, push);
  }
  if (descending) {
    for (let i = 0, j = count - 1; i < j; i++, j--) {
      for (let k = 0; k < 3; k++) {
        const t = refs[i * 3 + k]!;
        refs[i * 3 + k] = refs[j * 3 + k]!;
        refs[j * 3 + k] = t;
      }
    }
  }
  return { refs, count };
}

// ---------------------------------------------------------------------------------------------
// POST /api/v2/analytics/conversations/details/query

const DEFAULT_PAGE_SIZE = 25;
/** The most match references the query cache keeps (12 bytes each). */
const CACHE_MAX_REFS = 2_000_000;

/** How long a query's matches are reused while the interval can still gain conversations. */
const CACHE_FRESH_MS = 10_000;

/**
 * Paging through a query re-runs it with a new pageNumber; its matches are kept so each page
 * costs only its own JSON. They are reused for 10 s while the interval can still change (like the
 * real API, new conversations show up with a delay and pages may shift), and for as long as
 * the query lasts once every conversation that can match has ended (`stableAfter` <= now).
 */
export class DetailsQueryCache {
  private readonly entries = new Map<string, { at: number; stable: boolean; matches: MatchRefs }>();
  get(key: string, now: number, stableAfter: number, compute: () => MatchRefs): MatchRefs {
    const hit = this.entries.get(key);
    if (hit && now >= hit.at && (hit.stable || now - hit.at < CACHE_FRESH_MS)) return hit.matches;
    const matches = compute();
    this.entries.delete(key);
    this.entries.set(key, { at: now, stable: stableAfter <= now, matches });
    let total = 0;
    for (const e of this.entries.values()) total += e.matches.count;
    while (total > CACHE_MAX_REFS && this.entries.size > 1) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      total -= this.entries.get(oldest.value)!.matches.count;
      this.entries.delete(oldest.value);
    }
    return matches;
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
    throw badRequest(`Value [${pageSize}] is not valid for field [paging.pageSize]: it must be between 1 and ${opts.detailsMaxPageSize}.`, "paging.pageSize", "invalid.value");
  }
  if (pageNumber < 1) throw badRequest(`Value [${pageNumber}] is not valid for field [paging.pageNumber]: it must be 1 or more.`, "paging.pageNumber", "invalid.value");
  if (pageNumber * pageSize > opts.detailsMaxResults) {
    throw badRequest(
      `paging.pageNumber x paging.pageSize may not exceed ${opts.detailsMaxResults}. Narrow the interval or use the async details jobs (POST /api/v2/analytics/conversations/details/jobs).`,
      "paging.pageNumber",
    );
  }
  if (q.aggregations?.length) throw badRequest("aggregations are not modelled by the simulator.", "aggregations", "invalid.value");
  const matcher = compileMatcher(core, q as DetailsSpec, reach);
  if (matcher.end - matcher.start > opts.detailsMaxIntervalDays * DAY_MS) {
    throw badRequest(
      `The interval may span at most ${opts.detailsMaxIntervalDays} days for this query; use the async details jobs for longer intervals.`,
      "interval",
    );
  }

  const now = core.now();
  const descending = q.order === "desc";
  const byEnd = q.orderBy === "conversationEnd" || q.orderBy === "segmentEnd";
  const key = JSON.stringify([q.interval, q.conversationFilters ?? null, q.segmentFilters ?? null, descending, byEnd, reach]);
  const stableAfter = matcher.end + MAX_CONVERSATION_MS;
  const { refs, count } = cache.get(key, now, stableAfter, () => collectRefs(core, matcher, now, byEnd, descending));

  const from = (pageNumber - 1) * pageSize;
  const conversations: object[] = [];
  for (let i = from; i < Math.min(count, from + pageSize); i++) {
    const w = core.traffic.window(refs[i * 3]!, refs[i * 3 + 1]!);
    conversations.push(conversationJson(core, readConv(w, refs[i * 3 + 2]!, newConv()), now, false));
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
  if (ids.length === 0) throw new SimError(400, "required.field.missing", "A required field is missing a value: [id].", [{ errorCode: "required.field.missing", fieldName: "id" }]);
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
