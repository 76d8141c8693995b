/**
 * POST /api/v2/analytics/conversations/aggregates/query, rolled up straight from the compact
 * conversation records via `emitMetrics` (see the ROLLUP RULE in conversations.ts): each metric
 * lands in the bucket containing its emitDate. Output is sparse like the real API: no empty
 * metrics, no empty buckets, no empty groups, and no `results` at all when nothing matched.
 *
 * `alternateTimeDimension`: the model ConversationAggregationQuery of the official SDKs (e.g.
 * platform-client-sdk-javascript build/docs/ConversationAggregationQuery.md) allows `eventTime`
 * only ("uses the actual time of the data event"), which is what the rollup does anyway; any other
 * value is refused, never ignored.
 */
import { conversationAggregationQuery, type ConversationAggregationQuery } from "../genesys/schemas";
import {
  KIND_PURPOSE,
  MAX_CONVERSATION_MS,
  METRIC_NAMES,
  MID,
  conversationIdOf,
  emitMetrics,
  slDurationMs,
  type Conv,
  type MetricSink,
  type SessionKind,
} from "./conversations";
import { historyStart, type SimCore } from "./core";
import { badRequest, fromZodError } from "./errors";
import { compileFilter, dimensionsUsed, limitPredicates, requiredValues, type Filter, type FilterSpace, type Test } from "./filters";
import { SIM_MEDIA, visibleQueueIndexes, type SimOrg, type SimQueue } from "./org";
import { JsonWriter } from "./json-writer";
import type { SimulatorOptions } from "./options";
import { newConv, readConv, startOf } from "./traffic";
import { HOUR_MS, bucketBoundaries, intervalString, parseGranularity, parseInterval, parseTimeZone } from "./time";

type AggCtx = { conv: Conv; queue: SimQueue; kind: SessionKind; user: number; wrapup: number };

/** Dimensions whose value depends on the session, not only on the conversation. */
const SESSION_DIMENSIONS = new Set(["userId", "wrapUpCode", "purpose"]);
/** Dimensions fixed by (queue, media): groups can be looked up without building a key. */
const QUEUE_MEDIA_DIMENSIONS = new Set(["queueId", "mediaType", "direction", "originatingDirection", "divisionId", "interactionType"]);

function aggregateDimensions(org: SimOrg, seed: number): Record<string, (c: AggCtx) => string | undefined> {
  return {
    queueId: (c) => c.queue.id,
    mediaType: (c) => SIM_MEDIA[c.conv.media],
    direction: () => "inbound",
    originatingDirection: () => "inbound",
    divisionId: (c) => c.queue.divisionId,
    interactionType: () => "contactcenter",
    conversationId: (c) => conversationIdOf(seed, c.conv),
    userId: (c) => (c.user >= 0 ? org.users[c.user]?.id : undefined),
    wrapUpCode: (c) => (c.wrapup >= 0 ? org.wrapUpCodes[c.wrapup]?.id : undefined),
    purpose: (c) => KIND_PURPOSE[c.kind],
  };
}

/** Per bucket: 4 numbers per requested session metric (count, sum, min, max), then SL fields. */
const SL_NUM = 0;
const SL_DEN = 1;
const SL_DEN_TARGET = 2;
const SL_OFFERED = 3;
const SL_OFFERED_TARGET = 4;
const SL_FIELDS = 5;

/**
 * A result group: its dimension values and, per bucket, its cell's offset in the slab (-1: none).
 * Dense for up to DENSE_BUCKETS buckets; beyond, a map, so that grouping thousands of
 * conversations over a month of half-hours does not allocate gigabytes of empty offsets.
 */
type Group = { values: (string | undefined)[]; offsets: Int32Array | Map<number, number> };
const DENSE_BUCKETS = 256;

/** The group's (bucket, offset) cells in bucket order. */
function* cellsOf(g: Group): Generator<[bucket: number, offset: number]> {
  if (g.offsets instanceof Map) {
    for (const b of [...g.offsets.keys()].sort((x, y) => x - y)) yield [b, g.offsets.get(b)!];
    return;
  }
  for (let b = 0; b < g.offsets.length; b++) if (g.offsets[b]! >= 0) yield [b, g.offsets[b]!];
}

/**
 * All bucket statistics of a query in one growable Float64Array: a few large allocations
 * instead of one small array per (group, bucket), which kept the garbage collector busy.
 */
class StatsSlab {
  slab: Float64Array;
  private used = 0;
  constructor(
    private readonly width: number,
    private readonly slots: number,
    nBuckets: number,
  ) {
    this.slab = new Float64Array(Math.max(1024, Math.min(nBuckets * width * 16, 1 << 20)));
  }
  /** Offset of the (group, bucket) cell, created on first use. */
  cell(g: Group, b: number): number {
    const o = g.offsets instanceof Map ? (g.offsets.get(b) ?? -1) : g.offsets[b]!;
    if (o >= 0) return o;
    if (this.used + this.width > this.slab.length) {
      const bigger = new Float64Array(this.slab.length * 2);
      bigger.set(this.slab);
      this.slab = bigger;
    }
    const at = this.used;
    this.used += this.width;
    for (let s = 0; s < this.slots; s++) {
      this.slab[at + s * 4 + 2] = Infinity;
      this.slab[at + s * 4 + 3] = -Infinity;
    }
    if (g.offsets instanceof Map) g.offsets.set(b, at);
    else g.offsets[b] = at;
    return at;
  }
}

/**
 * Answers the response as UTF-8 JSON bytes, in phases: validate the query, plan the buckets,
 * groups, filter and metrics, pick the queues that can contribute, roll their conversations up,
 * render (see renderResults).
 */
export function aggregateQuery(core: SimCore, body: unknown, divisionReach: string[] | null): Uint8Array<ArrayBuffer> {
  const q = parseQuery(body);
  const window = queryWindow(q);
  rejectUnmodelled(q, body);
  const dims = aggregateDimensions(core.org, core.options.seed);
  const grouping = planGrouping(q.groupBy ?? [], dims);
  const filter = planFilter(q, dims);
  const metrics = planMetrics(q.metrics);
  if (metrics.slots === 0 && !metrics.wantSL) return JsonWriter.encode("{}");

  const queues = candidateQueues(core.org, divisionReach, filter.filters);
  const rollup = new Rollup(core.options, window, grouping, filter, metrics);
  scanConversations(core, window, queues, rollup);
  return renderResults(rollup.groups, rollup.stats.slab, grouping.groupBy, metrics, window.bounds);
}

// ------------------------------------------------------------------------------------------
// Validate and plan

/** The interval and its buckets. */
type Window = { start: number; end: number; bounds: number[] };
/** The groupBy dimensions and how to read them. */
type Grouping = { groupBy: string[]; getters: ((c: AggCtx) => string | undefined)[] };
/** The compiled filter, and whether it must be tested per session (it names a session dimension). */
type FilterPlan = { filters: Filter[]; test: Test<AggCtx> | null; perSession: boolean };
/**
 * The requested metrics, deduplicated: session metrics get slots (slotOf, by metric id);
 * oServiceLevel/oServiceTarget are derived (wantSL); any other valid metric is not modelled and
 * simply never has data (sparse).
 */
type MetricPlan = { names: string[]; slotOf: Int32Array; slots: number; wantSL: boolean };

function parseQuery(body: unknown): ConversationAggregationQuery {
  const parsed = conversationAggregationQuery.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error, body);
  return parsed.data;
}

function queryWindow(q: ConversationAggregationQuery): Window {
  const { start, end } = parseInterval(q.interval);
  const zone = parseTimeZone(q.timeZone);
  const granularity = q.granularity !== undefined ? parseGranularity(q.granularity) : null;
  return { start, end, bounds: bucketBoundaries(start, end, granularity, zone) };
}

/** 400 for what the simulator does not model (never ignored), and for an empty metric list. */
function rejectUnmodelled(q: ConversationAggregationQuery, body: unknown): void {
  const altTime = (body as { alternateTimeDimension?: unknown } | null)?.alternateTimeDimension;
  if (altTime !== undefined && altTime !== "eventTime") {
    throw badRequest(
      `Value [${String(altTime)}] is not valid for field type [alternateTimeDimension]. Allowable values are: eventTime`,
      "alternateTimeDimension",
      "invalid.value",
    );
  }
  if (q.queryType && q.queryType !== "groupBy")
    throw badRequest(`queryType [${q.queryType}] is not modelled by the simulator; use groupBy.`, "queryType", "invalid.value");
  if (q.views?.length) throw badRequest("views are not modelled by the simulator.", "views", "invalid.value");
  if (q.metrics.length === 0) throw badRequest("metrics must name at least one metric.", "metrics", "required.field.missing");
}

type Dimensions = ReturnType<typeof aggregateDimensions>;

function planGrouping(groupBy: string[], dims: Dimensions): Grouping {
  groupBy.forEach((d, i) => {
    if (!dims[d]) {
      throw badRequest(
        `groupBy[${i}]: the simulator does not model the dimension [${d}]. Modelled: ${Object.keys(dims).join(", ")}.`,
        `groupBy[${i}]`,
        "invalid.value",
      );
    }
  });
  return { groupBy, getters: groupBy.map((d) => dims[d]!) };
}

function planFilter(q: ConversationAggregationQuery, dims: Dimensions): FilterPlan {
  const space: FilterSpace<AggCtx> = { field: "filter", dimensions: dims };
  const filters: Filter[] = q.filter ? [q.filter as Filter] : [];
  limitPredicates(filters, "filter");
  const test: Test<AggCtx> | null = q.filter ? compileFilter(q.filter as Filter, space) : null;
  const perSession = [...dimensionsUsed(filters)].some((d) => SESSION_DIMENSIONS.has(d));
  return { filters, test, perSession };
}

function planMetrics(requested: string[]): MetricPlan {
  const names = [...new Set(requested)];
  const slotOf = new Int32Array(METRIC_NAMES.length).fill(-1);
  let slots = 0;
  for (const m of names) {
    const idx = (METRIC_NAMES as readonly string[]).indexOf(m);
    if (idx >= 0) slotOf[idx] = slots++;
  }
  const wantSL = names.includes("oServiceLevel") || names.includes("oServiceTarget");
  return { names, slotOf, slots, wantSL };
}

/** Queues that can contribute: division reach, then anything the filter pins down. */
function candidateQueues(org: SimOrg, divisionReach: string[] | null, filters: Filter[]): SimQueue[] {
  let queues = visibleQueueIndexes(org, divisionReach).map((i) => org.queues[i]!);
  const queueIds = requiredValues(filters, "queueId");
  if (queueIds) queues = queues.filter((x) => queueIds.has(x.id));
  const divisionIds = requiredValues(filters, "divisionId");
  if (divisionIds) queues = queues.filter((x) => divisionIds.has(x.divisionId));
  const medias = requiredValues(filters, "mediaType");
  if (medias) queues = queues.filter((x) => x.mediaTypes.some((m) => medias.has(m)));
  return queues;
}

/** The bucket of an instant in [start, end): arithmetic when the buckets are uniform, else a binary search. */
function bucketIndexer({ start, bounds }: Window): (t: number) => number {
  const nBuckets = bounds.length - 1;
  const firstLen = bounds[1]! - bounds[0]!;
  let uniform = true;
  for (let i = 1; i < nBuckets - 1; i++) if (bounds[i + 1]! - bounds[i]! !== firstLen) uniform = false;
  if (uniform) {
    return (t) => {
      const i = Math.floor((t - start) / firstLen);
      return i < nBuckets ? i : nBuckets - 1;
    };
  }
  return (t) => {
    let lo = 0;
    let hi = nBuckets - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

// ------------------------------------------------------------------------------------------
// Select conversations and roll them up

/**
 * The conversations that can emit into the window: started on the candidate queues between
 * `MAX_CONVERSATION_MS` before it (metrics emit between a conversation's start and its end) and
 * now, not over before it; each one the rollup keeps has its metrics emitted into it.
 */
function scanConversations(core: SimCore, window: Window, queues: SimQueue[], rollup: Rollup): void {
  const now = core.now();
  const from = Math.max(window.start - MAX_CONVERSATION_MS, historyStart(core, now));
  const to = Math.min(window.end, now + 1);
  if (to <= from) return;
  const shortAbandonMs = core.options.shortAbandonSeconds * 1000;
  const firstHour = Math.floor(from / HOUR_MS);
  const lastHour = Math.floor((to - 1) / HOUR_MS);
  const scratch = newConv();
  for (const queue of queues) {
    for (let hour = firstHour; hour <= lastHour; hour++) {
      const hourWindow = core.traffic.window(queue.index, hour);
      for (let i = 0; i < hourWindow.count; i++) {
        const s = startOf(hourWindow, i);
        if (s < from || s >= to) continue;
        const c = readConv(hourWindow, i, scratch);
        if (c.end < window.start) continue;
        if (rollup.conversation(queue, c)) emitMetrics(c, queue, now, shortAbandonMs, rollup);
      }
    }
  }
}

/**
 * The rollup: the groups and their bucket statistics, filled from `emitMetrics` (this is its
 * MetricSink). `conversation` picks a conversation's group (or drops it by the filter), `session`
 * a session's, `metric` adds a metric in the window to its group's bucket.
 */
class Rollup implements MetricSink {
  readonly groups = new Map<string, Group>();
  readonly stats: StatsSlab;
  private readonly start: number;
  private readonly end: number;
  private readonly nBuckets: number;
  private readonly bucketOf: (t: number) => number;
  private readonly groupPerSession: boolean;
  private readonly byQueueMedia: boolean;
  private readonly queueMediaGroups: (Group | undefined)[] = [];
  private readonly ctx: AggCtx = {
    conv: undefined as unknown as Conv,
    queue: undefined as unknown as SimQueue,
    kind: "customer",
    user: -1,
    wrapup: -1,
  };
  private convGroup: Group | undefined;
  private group: Group | undefined;
  private slTarget = 0;
  private slDuration = 0;
  private readonly slBase: number;
  private readonly sl: ServiceLevelRules;

  constructor(
    options: SimulatorOptions,
    window: Window,
    private readonly grouping: Grouping,
    private readonly filter: FilterPlan,
    private readonly metrics: MetricPlan,
  ) {
    this.start = window.start;
    this.end = window.end;
    this.nBuckets = window.bounds.length - 1;
    this.bucketOf = bucketIndexer(window);
    this.stats = new StatsSlab(metrics.slots * 4 + SL_FIELDS, metrics.slots, this.nBuckets);
    this.groupPerSession = grouping.groupBy.some((d) => SESSION_DIMENSIONS.has(d));
    this.byQueueMedia = grouping.groupBy.every((d) => QUEUE_MEDIA_DIMENSIONS.has(d));
    this.slBase = metrics.slots * 4;
    this.sl = serviceLevelRules(options);
  }

  private groupFor(ctx: AggCtx): Group {
    const values = this.grouping.getters.map((g) => g(ctx));
    const key = values.map((v) => v ?? "\u0000").join("\u0001");
    let g = this.groups.get(key);
    if (!g) {
      g = { values, offsets: this.nBuckets <= DENSE_BUCKETS ? new Int32Array(this.nBuckets).fill(-1) : new Map() };
      this.groups.set(key, g);
    }
    return g;
  }

  /** A conversation of `queue` is next: false when the filter drops it (tested per conversation). */
  conversation(queue: SimQueue, c: Conv): boolean {
    const ctx = this.ctx;
    ctx.queue = queue;
    ctx.conv = c;
    const test = this.filter.test;
    if (!this.filter.perSession && test) {
      ctx.kind = "customer";
      ctx.user = -1;
      ctx.wrapup = -1;
      if (!test(ctx)) return false;
    }
    if (!this.groupPerSession) {
      this.convGroup = this.byQueueMedia ? (this.queueMediaGroups[queue.index * 4 + c.media] ??= this.groupFor(ctx)) : this.groupFor(ctx);
    }
    if (this.metrics.wantSL) {
      this.slTarget = queue.serviceLevel[SIM_MEDIA[c.media]].percentage;
      this.slDuration = slDurationMs(queue, c.media);
    }
    return true;
  }

  session(kind: SessionKind, user: number, wrapup: number): boolean {
    const ctx = this.ctx;
    ctx.kind = kind;
    ctx.user = user;
    ctx.wrapup = wrapup;
    if (this.filter.perSession && this.filter.test && !this.filter.test(ctx)) return false;
    this.group = this.groupPerSession ? this.groupFor(ctx) : this.convGroup;
    return true;
  }

  metric(mid: number, value: number, emit: number): void {
    if (emit < this.start || emit >= this.end) return;
    if (this.metrics.wantSL && (mid === MID.nOffered || mid === MID.tAnswered || mid === MID.tAbandon || mid === MID.tFlowOut)) {
      this.serviceLevel(mid, value, emit);
    }
    const slot = this.metrics.slotOf[mid]!;
    if (slot < 0) return;
    const o = this.stats.cell(this.group!, this.bucketOf(emit)) + slot * 4;
    const a = this.stats.slab;
    a[o]! += 1;
    a[o + 1]! += value;
    if (value < a[o + 2]!) a[o + 2] = value;
    if (value > a[o + 3]!) a[o + 3] = value;
  }

  /** oServiceTarget goes with nOffered (queue entry); oServiceLevel with the queue exit. */
  private serviceLevel(mid: number, value: number, emit: number): void {
    const sl = this.sl;
    const inDenominator =
      mid === MID.tAnswered ||
      (mid === MID.tAbandon && sl.abandons && (sl.shortAbandons || value >= sl.shortAbandonMs)) ||
      (mid === MID.tFlowOut && sl.flowOuts);
    if (mid !== MID.nOffered && !inDenominator) return;
    const o = this.stats.cell(this.group!, this.bucketOf(emit)) + this.slBase;
    const a = this.stats.slab;
    if (mid === MID.nOffered) {
      a[o + SL_OFFERED]! += 1;
      a[o + SL_OFFERED_TARGET]! += this.slTarget;
    } else {
      a[o + SL_DEN]! += 1;
      a[o + SL_DEN_TARGET]! += this.slTarget;
      if (mid === MID.tAnswered && value <= this.slDuration) a[o + SL_NUM]! += 1;
    }
  }
}

/** The org's service-level settings (Resource Center "Configure the service level calculation"). */
type ServiceLevelRules = { shortAbandonMs: number; flowOuts: boolean; abandons: boolean; shortAbandons: boolean };

function serviceLevelRules(options: SimulatorOptions): ServiceLevelRules {
  return {
    shortAbandonMs: options.shortAbandonSeconds * 1000,
    flowOuts: options.serviceLevelIncludeFlowOuts,
    abandons: options.serviceLevelIncludeAbandons,
    shortAbandons: options.serviceLevelIncludeShortAbandons,
  };
}

// ------------------------------------------------------------------------------------------
// Render

/** What a requested metric renders as. */
const enum StatKind {
  ServiceLevel,
  ServiceTarget,
  Count,
  Full,
}

/** Fixed fragments and per-metric facts of one answer, computed once. */
type RenderPlan = {
  /** Per bucket: `{"interval":…,"metrics":[`. */
  intervals: Uint8Array[];
  /** Per requested metric: `{"metric":…,"stats":`, its kind, and its slot (-1: none). */
  heads: Uint8Array[];
  kinds: StatKind[];
  slots: number[];
  /** Where a cell's service-level fields start. */
  slBase: number;
};

function renderPlan(metrics: MetricPlan, bounds: number[]): RenderPlan {
  const intervals: Uint8Array[] = [];
  for (let b = 0; b < bounds.length - 1; b++)
    intervals.push(JsonWriter.encode(`{"interval":${JSON.stringify(intervalString(bounds[b]!, bounds[b + 1]!))},"metrics":[`));
  const names = metrics.names;
  return {
    intervals,
    heads: names.map((m) => JsonWriter.encode(`{"metric":${JSON.stringify(m)},"stats":`)),
    kinds: names.map((m) =>
      m === "oServiceLevel"
        ? StatKind.ServiceLevel
        : m === "oServiceTarget"
          ? StatKind.ServiceTarget
          : m.startsWith("n")
            ? StatKind.Count
            : StatKind.Full,
    ),
    slots: names.map((m) => {
      const idx = (METRIC_NAMES as readonly string[]).indexOf(m);
      return idx >= 0 ? metrics.slotOf[idx]! : -1;
    }),
    slBase: metrics.slots * 4,
  };
}

/**
 * The response JSON, written directly as UTF-8 bytes: a 200-queue week at PT1H is ~20 MB, and
 * building then stringifying a million small objects cost more than the whole rollup. Groups in
 * key order; sparse: no empty metrics, buckets or groups, and `{}` when nothing is left.
 */
function renderResults(
  groups: Map<string, Group>,
  slab: Float64Array,
  groupBy: string[],
  metrics: MetricPlan,
  bounds: number[],
): Uint8Array<ArrayBuffer> {
  const plan = renderPlan(metrics, bounds);
  // ~60 bytes per metric, a dozen metrics per bucket at most: a close upper estimate.
  let cells = 0;
  for (const g of groups.values()) for (const _ of cellsOf(g)) cells++;
  const w = new JsonWriter(Math.min(cells * (60 + metrics.names.length * 70), 64 << 20));
  w.raw('{"results":[');
  let groupsOut = 0;
  for (const key of [...groups.keys()].sort()) {
    if (writeGroup(w, groups.get(key)!, groupBy, plan, slab, groupsOut === 0)) groupsOut++;
  }
  if (groupsOut === 0) return JsonWriter.encode("{}");
  w.raw("]}");
  return w.result();
}

/** One result group (`{"group":…,"data":[…]}`); nothing, and false, when none of its buckets has data. */
function writeGroup(w: JsonWriter, g: Group, groupBy: string[], plan: RenderPlan, slab: Float64Array, first: boolean): boolean {
  const mark = w.length;
  const group: Record<string, string> = {};
  groupBy.forEach((d, i) => {
    const v = g.values[i];
    if (v !== undefined) group[d] = v;
  });
  w.raw(`${first ? "" : ","}{"group":${JSON.stringify(group)},"data":[`);
  let buckets = 0;
  for (const [b, at] of cellsOf(g)) if (writeBucket(w, plan, slab, b, at, buckets > 0)) buckets++;
  if (buckets === 0) {
    w.truncate(mark);
    return false;
  }
  w.bytes(CLOSE_LIST);
  return true;
}

/** One bucket's metrics (`{"interval":…,"metrics":[…]}`) from the cell at `at`; nothing, and false, without data. */
function writeBucket(w: JsonWriter, plan: RenderPlan, slab: Float64Array, b: number, at: number, afterAnother: boolean): boolean {
  let out = 0;
  for (let i = 0; i < plan.kinds.length; i++) {
    const kind = plan.kinds[i]!;
    const o = dataOffset(plan, kind, i, slab, at);
    if (o < 0) continue; // sparse: a metric without data is left out
    if (out++ === 0) {
      if (afterAnother) w.bytes(COMMA);
      w.bytes(plan.intervals[b]!);
    } else {
      w.bytes(COMMA);
    }
    w.bytes(plan.heads[i]!);
    writeStats(w, kind, slab, o);
    w.bytes(CLOSE);
  }
  if (out) w.bytes(CLOSE_LIST);
  return out > 0;
}

/** Where metric `i`'s data starts in the cell at `at` (its slot, or the service-level fields); -1 without data. */
function dataOffset(plan: RenderPlan, kind: StatKind, i: number, slab: Float64Array, at: number): number {
  if (kind === StatKind.ServiceLevel) return slab[at + plan.slBase + SL_DEN]! > 0 ? at + plan.slBase : -1;
  if (kind === StatKind.ServiceTarget) return slab[at + plan.slBase + SL_OFFERED]! > 0 ? at + plan.slBase : -1;
  const slot = plan.slots[i]!;
  if (slot < 0) return -1;
  const c = at + slot * 4;
  return slab[c]! > 0 ? c : -1;
}

/** The metric's `stats` object from its data at `o`. */
function writeStats(w: JsonWriter, kind: StatKind, slab: Float64Array, o: number): void {
  if (kind === StatKind.ServiceLevel) {
    const den = slab[o + SL_DEN]!;
    const num = slab[o + SL_NUM]!;
    w.bytes(RATIO)
      .number(num / den)
      .bytes(NUMERATOR)
      .number(num)
      .bytes(DENOMINATOR)
      .number(den);
    w.bytes(TARGET_MID)
      .number(round6(slab[o + SL_DEN_TARGET]! / den))
      .bytes(CLOSE);
  } else if (kind === StatKind.ServiceTarget) {
    w.bytes(TARGET)
      .number(round6(slab[o + SL_OFFERED_TARGET]! / slab[o + SL_OFFERED]!))
      .bytes(CLOSE);
  } else if (kind === StatKind.Count) {
    w.bytes(COUNT).number(slab[o]!).bytes(CLOSE);
  } else {
    w.bytes(MAX)
      .number(slab[o + 3]!)
      .bytes(MIN)
      .number(slab[o + 2]!)
      .bytes(COUNT_MID)
      .number(slab[o]!)
      .bytes(SUM)
      .number(slab[o + 1]!)
      .bytes(CLOSE);
  }
}

const COMMA = JsonWriter.encode(",");
const CLOSE = JsonWriter.encode("}");
const CLOSE_LIST = JsonWriter.encode("]}");
const COUNT = JsonWriter.encode('{"count":');
const MAX = JsonWriter.encode('{"max":');
const MIN = JsonWriter.encode(',"min":');
const COUNT_MID = JsonWriter.encode(',"count":');
const SUM = JsonWriter.encode(',"sum":');
const RATIO = JsonWriter.encode('{"ratio":');
const NUMERATOR = JsonWriter.encode(',"numerator":');
const DENOMINATOR = JsonWriter.encode(',"denominator":');
const TARGET = JsonWriter.encode('{"target":');
const TARGET_MID = JsonWriter.encode(',"target":');

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
