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

/** Answers the response as UTF-8 JSON bytes (see renderResults). */
export function aggregateQuery(core: SimCore, body: unknown, divisionReach: string[] | null): Uint8Array<ArrayBuffer> {
  const parsed = conversationAggregationQuery.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error, body);
  const q: ConversationAggregationQuery = parsed.data;
  const { org } = core;
  const seed = core.options.seed;

  const { start, end } = parseInterval(q.interval);
  const zone = parseTimeZone(q.timeZone);
  const granularity = q.granularity !== undefined ? parseGranularity(q.granularity) : null;
  const bounds = bucketBoundaries(start, end, granularity, zone);
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

  const dims = aggregateDimensions(org, seed);
  const groupBy = q.groupBy ?? [];
  groupBy.forEach((d, i) => {
    if (!dims[d]) {
      throw badRequest(
        `groupBy[${i}]: the simulator does not model the dimension [${d}]. Modelled: ${Object.keys(dims).join(", ")}.`,
        `groupBy[${i}]`,
        "invalid.value",
      );
    }
  });
  const space: FilterSpace<AggCtx> = { field: "filter", dimensions: dims };
  const filters: Filter[] = q.filter ? [q.filter as Filter] : [];
  limitPredicates(filters, "filter");
  const filterTest: Test<AggCtx> | null = q.filter ? compileFilter(q.filter as Filter, space) : null;
  const filterPerSession = [...dimensionsUsed(filters)].some((d) => SESSION_DIMENSIONS.has(d));

  // Requested metrics: session metrics get slots; oServiceLevel/oServiceTarget are derived;
  // any other valid metric is not modelled and simply never has data (sparse).
  const metrics = [...new Set(q.metrics)];
  const slotOf = new Int32Array(METRIC_NAMES.length).fill(-1);
  let slots = 0;
  for (const m of metrics) {
    const idx = (METRIC_NAMES as readonly string[]).indexOf(m);
    if (idx >= 0) slotOf[idx] = slots++;
  }
  const wantSL = metrics.includes("oServiceLevel") || metrics.includes("oServiceTarget");
  const width = slots * 4 + SL_FIELDS;
  if (slots === 0 && !wantSL) return JsonWriter.encode("{}");

  // Queues that can contribute: division reach, then anything the filter pins down.
  let queues = visibleQueueIndexes(org, divisionReach).map((i) => org.queues[i]!);
  const queueIds = requiredValues(filters, "queueId");
  if (queueIds) queues = queues.filter((x) => queueIds.has(x.id));
  const divisionIds = requiredValues(filters, "divisionId");
  if (divisionIds) queues = queues.filter((x) => divisionIds.has(x.divisionId));
  const medias = requiredValues(filters, "mediaType");
  if (medias) queues = queues.filter((x) => x.mediaTypes.some((m) => medias.has(m)));

  const nBuckets = bounds.length - 1;
  const firstLen = bounds[1]! - bounds[0]!;
  let uniform = true;
  for (let i = 1; i < nBuckets - 1; i++) if (bounds[i + 1]! - bounds[i]! !== firstLen) uniform = false;
  const bucketOf = (t: number): number => {
    if (uniform) {
      const i = Math.floor((t - start) / firstLen);
      return i < nBuckets ? i : nBuckets - 1;
    }
    let lo = 0;
    let hi = nBuckets - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const stats = new StatsSlab(width, slots, nBuckets);
  const groups = new Map<string, Group>();
  const groupPerSession = groupBy.some((d) => SESSION_DIMENSIONS.has(d));
  const byQueueMedia = groupBy.every((d) => QUEUE_MEDIA_DIMENSIONS.has(d));
  const queueMediaGroups: (Group | undefined)[] = [];
  const getters = groupBy.map((d) => dims[d]!);
  const groupFor = (ctx: AggCtx): Group => {
    const values = getters.map((g) => g(ctx));
    const key = values.map((v) => v ?? "\u0000").join("\u0001");
    let g = groups.get(key);
    if (!g) {
      g = { values, offsets: nBuckets <= DENSE_BUCKETS ? new Int32Array(nBuckets).fill(-1) : new Map() };
      groups.set(key, g);
    }
    return g;
  };

  const ctx: AggCtx = {
    conv: undefined as unknown as Conv,
    queue: undefined as unknown as SimQueue,
    kind: "customer",
    user: -1,
    wrapup: -1,
  };
  let convGroup: Group | undefined;
  let group: Group | undefined;
  let slTarget = 0;
  let slDuration = 0;
  const slBase = slots * 4;
  // The org's service-level settings (Resource Center "Configure the service level calculation").
  const shortAbandonMs = core.options.shortAbandonSeconds * 1000;
  const slFlowOuts = core.options.serviceLevelIncludeFlowOuts;
  const slAbandons = core.options.serviceLevelIncludeAbandons;
  const slShortAbandons = core.options.serviceLevelIncludeShortAbandons;

  const sink: MetricSink = {
    session(kind, user, wrapup) {
      ctx.kind = kind;
      ctx.user = user;
      ctx.wrapup = wrapup;
      if (filterPerSession && filterTest && !filterTest(ctx)) return false;
      group = groupPerSession ? groupFor(ctx) : convGroup;
      return true;
    },
    metric(mid, value, emit) {
      if (emit < start || emit >= end) return;
      const slot = slotOf[mid]!;
      if (wantSL && (mid === MID.nOffered || mid === MID.tAnswered || mid === MID.tAbandon || mid === MID.tFlowOut)) {
        // oServiceTarget goes with nOffered (queue entry); oServiceLevel with the queue exit.
        const inDenominator =
          mid === MID.tAnswered ||
          (mid === MID.tAbandon && slAbandons && (slShortAbandons || value >= shortAbandonMs)) ||
          (mid === MID.tFlowOut && slFlowOuts);
        if (mid === MID.nOffered || inDenominator) {
          const o = stats.cell(group!, bucketOf(emit)) + slBase;
          const a = stats.slab;
          if (mid === MID.nOffered) {
            a[o + SL_OFFERED]! += 1;
            a[o + SL_OFFERED_TARGET]! += slTarget;
          } else {
            a[o + SL_DEN]! += 1;
            a[o + SL_DEN_TARGET]! += slTarget;
            if (mid === MID.tAnswered && value <= slDuration) a[o + SL_NUM]! += 1;
          }
        }
      }
      if (slot < 0) return;
      const o = stats.cell(group!, bucketOf(emit)) + slot * 4;
      const a = stats.slab;
      a[o]! += 1;
      a[o + 1]! += value;
      if (value < a[o + 2]!) a[o + 2] = value;
      if (value > a[o + 3]!) a[o + 3] = value;
    },
  };

  const now = core.now();
  // Metrics emit between a conversation's start and its end (at most MAX_CONVERSATION_MS later).
  const from = Math.max(start - MAX_CONVERSATION_MS, historyStart(core, now));
  const to = Math.min(end, now + 1);
  if (to > from) {
    const firstHour = Math.floor(from / HOUR_MS);
    const lastHour = Math.floor((to - 1) / HOUR_MS);
    const scratch = newConv();
    for (const queue of queues) {
      ctx.queue = queue;
      for (let hour = firstHour; hour <= lastHour; hour++) {
        const window = core.traffic.window(queue.index, hour);
        for (let i = 0; i < window.count; i++) {
          const s = startOf(window, i);
          if (s < from || s >= to) continue;
          const c = readConv(window, i, scratch);
          if (c.end < start) continue;
          ctx.conv = c;
          if (!filterPerSession && filterTest) {
            ctx.kind = "customer";
            ctx.user = -1;
            ctx.wrapup = -1;
            if (!filterTest(ctx)) continue;
          }
          if (!groupPerSession) {
            if (byQueueMedia) {
              const k = queue.index * 4 + c.media;
              convGroup = queueMediaGroups[k] ??= groupFor(ctx);
            } else {
              convGroup = groupFor(ctx);
            }
          }
          if (wantSL) {
            const media = SIM_MEDIA[c.media];
            slTarget = queue.serviceLevel[media].percentage;
            slDuration = slDurationMs(queue, c.media);
          }
          emitMetrics(c, queue, now, shortAbandonMs, sink);
        }
      }
    }
  }

  return renderResults(groups, stats.slab, groupBy, metrics, slotOf, slots, bounds);
}

/**
 * The response JSON, written directly as UTF-8 bytes: a 200-queue week at PT1H is ~20 MB, and
 * building then stringifying a million small objects cost more than the whole rollup.
 */
function renderResults(
  groups: Map<string, Group>,
  slab: Float64Array,
  groupBy: string[],
  metrics: string[],
  slotOf: Int32Array,
  slots: number,
  bounds: number[],
): Uint8Array<ArrayBuffer> {
  const enc = JsonWriter.encode;
  const keys = [...groups.keys()].sort();
  const intervals: Uint8Array[] = [];
  for (let b = 0; b < bounds.length - 1; b++)
    intervals.push(enc(`{"interval":${JSON.stringify(intervalString(bounds[b]!, bounds[b + 1]!))},"metrics":[`));
  const heads = metrics.map((m) => enc(`{"metric":${JSON.stringify(m)},"stats":`));
  const idx = metrics.map((m) => (METRIC_NAMES as readonly string[]).indexOf(m));
  const kinds = metrics.map((m) => (m === "oServiceLevel" ? 1 : m === "oServiceTarget" ? 2 : m.startsWith("n") ? 3 : 4));
  const comma = enc(",");
  const close = enc("}");
  const closeBucket = enc("]}");
  // ~60 bytes per metric, a dozen metrics per bucket at most: a close upper estimate.
  let cells = 0;
  for (const g of groups.values()) for (const _ of cellsOf(g)) cells++;
  const w = new JsonWriter(Math.min(cells * (60 + metrics.length * 70), 64 << 20));
  w.raw('{"results":[');
  let groupsOut = 0;
  const slBase = slots * 4;
  for (const key of keys) {
    const g = groups.get(key)!;
    const mark = w.length;
    const group: Record<string, string> = {};
    groupBy.forEach((d, i) => {
      const v = g.values[i];
      if (v !== undefined) group[d] = v;
    });
    w.raw(`${groupsOut === 0 ? "" : ","}{"group":${JSON.stringify(group)},"data":[`);
    let buckets = 0;
    for (const [b, at] of cellsOf(g)) {
      let out = 0;
      for (let i = 0; i < metrics.length; i++) {
        const kind = kinds[i]!;
        const o = at + slBase;
        // Sparse: a metric without data is left out (and a bucket without metrics too).
        let c = 0;
        if (kind === 1) {
          if (slab[o + SL_DEN]! <= 0) continue;
        } else if (kind === 2) {
          if (slab[o + SL_OFFERED]! <= 0) continue;
        } else {
          const slot = idx[i]! >= 0 ? slotOf[idx[i]!]! : -1;
          if (slot < 0) continue;
          c = at + slot * 4;
          if (slab[c]! <= 0) continue;
        }
        if (out++ === 0) {
          if (buckets++ > 0) w.bytes(comma);
          w.bytes(intervals[b]!);
        } else {
          w.bytes(comma);
        }
        w.bytes(heads[i]!);
        if (kind === 1) {
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
            .bytes(close);
        } else if (kind === 2) {
          w.bytes(TARGET)
            .number(round6(slab[o + SL_OFFERED_TARGET]! / slab[o + SL_OFFERED]!))
            .bytes(close);
        } else if (kind === 3) {
          w.bytes(COUNT).number(slab[c]!).bytes(close);
        } else {
          w.bytes(MAX)
            .number(slab[c + 3]!)
            .bytes(MIN)
            .number(slab[c + 2]!)
            .bytes(COUNT_MID)
            .number(slab[c]!)
            .bytes(SUM)
            .number(slab[c + 1]!)
            .bytes(close);
        }
        w.bytes(close);
      }
      if (out) w.bytes(closeBucket);
    }
    if (buckets === 0) {
      w.truncate(mark);
      continue;
    }
    w.bytes(closeBucket);
    groupsOut++;
  }
  if (groupsOut === 0) return JsonWriter.encode("{}");
  w.raw("]}");
  return w.result();
}

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
