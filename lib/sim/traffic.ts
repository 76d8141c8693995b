/**
 * Lazy, deterministic traffic. The conversations of one (queue, hour) window are a pure function
 * of (seed, queue index, hour index): nothing is generated until a query touches the window, and
 * a bounded LRU keeps recently used windows. Windows are generated whole, independent of `now`;
 * callers drop what starts after `now` or before the history horizon, so a conversation never
 * changes once it exists (only its not-yet-completed parts appear later).
 *
 * Storage: a window is one Int32Array (FIELDS numbers per conversation, times relative to the
 * hour's start). Typed arrays are invisible to the garbage collector's tracing, so a cache of
 * half a million conversations costs ~40 MB and no GC time; `readConv` fills a reusable `Conv`.
 */
import { DateTime } from "luxon";
import {
  MAX_CONVERSATION_MS,
  OUTCOME_ABANDONED,
  OUTCOME_ANSWERED,
  OUTCOME_FLOW_OUT,
  TRANSFER_BLIND,
  TRANSFER_CONSULT,
  TRANSFER_NONE,
  type Conv,
  type Outcome,
} from "./conversations";
import type { MediaIndex, SimOrg, SimQueue } from "./org";
import { hashString, logNormal, poisson, rngFor, weightedIndex, type Rng } from "./random";
import { SurgePlan, pickMedia, type SurgeSlowdown } from "./surge";
import { HOUR_MS } from "./time";

/** Per-media behaviour. Durations in ms; medians and log-space sigmas of log-normal draws. */
type MediaModel = {
  ivr: [median: number, sigma: number] | null;
  wait: [median: number, sigma: number];
  /** Median caller patience; Infinity: never abandons (email). */
  patience: number;
  /** Share of callers who hang up within seconds whatever the wait (short abandons). */
  quickHangUp: number;
  /** The in-queue flow sends the interaction elsewhere after this long. */
  flowOutAfter: number;
  /** Share of arrivals that opt out early (callback offer, voicemail) = a flow-out. */
  optOut: number;
  alert: number;
  talk: [median: number, sigma: number, max: number];
  holdRate: number;
  hold: number;
  acw: [median: number, max: number];
  transferRate: number;
  notRespondingRate: number;
  /** Arrivals spread: 0 = follows the office-hours curve, 1 = flat over the day. */
  flatness: number;
};

const S = 1000;
const MEDIA_MODELS: [MediaModel, MediaModel, MediaModel, MediaModel] = [
  // voice
  {
    ivr: [25 * S, 0.4],
    wait: [9 * S, 1.0],
    patience: 110 * S,
    quickHangUp: 0.03,
    flowOutAfter: 600 * S,
    optOut: 0.015,
    alert: 5 * S,
    talk: [300 * S, 0.6, 3600 * S],
    holdRate: 0.22,
    hold: 50 * S,
    acw: [40 * S, 1200 * S],
    transferRate: 0.08,
    notRespondingRate: 0.05,
    flatness: 0.05,
  },
  // chat
  {
    ivr: null,
    wait: [20 * S, 1.0],
    patience: 300 * S,
    quickHangUp: 0.02,
    flowOutAfter: 900 * S,
    optOut: 0.01,
    alert: 6 * S,
    talk: [420 * S, 0.6, 5400 * S],
    holdRate: 0.03,
    hold: 40 * S,
    acw: [30 * S, 1200 * S],
    transferRate: 0.04,
    notRespondingRate: 0.04,
    flatness: 0.1,
  },
  // email
  {
    ivr: null,
    wait: [60 * 60 * S, 0.9],
    patience: Infinity,
    quickHangUp: 0,
    flowOutAfter: 8 * 3600 * S,
    optOut: 0,
    alert: 20 * S,
    talk: [240 * S, 0.6, 3600 * S],
    holdRate: 0,
    hold: 0,
    acw: [60 * S, 1200 * S],
    transferRate: 0.03,
    notRespondingRate: 0.03,
    flatness: 0.5,
  },
  // message
  {
    ivr: null,
    wait: [60 * S, 1.0],
    patience: 900 * S,
    quickHangUp: 0.01,
    flowOutAfter: 1800 * S,
    optOut: 0.005,
    alert: 8 * S,
    talk: [600 * S, 0.6, 5400 * S],
    holdRate: 0.02,
    hold: 60 * S,
    acw: [30 * S, 1200 * S],
    transferRate: 0.03,
    notRespondingRate: 0.04,
    flatness: 0.3,
  },
];

/** Office-hours arrival shape by local hour (weekday); normalised below. */
const WEEKDAY_SHAPE = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.5, 1.2, 2.2, 2.8, 3.0, 2.9, 2.4, 2.6, 2.9, 2.8, 2.5, 2.0, 1.4, 1.0, 0.8, 0.6, 0.4, 0.25,
];
/** Weekends: later start, no lunch dip. */
const WEEKEND_SHAPE = [
  0.2, 0.15, 0.1, 0.1, 0.1, 0.15, 0.3, 0.6, 1.1, 1.6, 1.9, 2.0, 2.0, 1.9, 1.8, 1.7, 1.5, 1.3, 1.1, 0.9, 0.7, 0.5, 0.35, 0.25,
];
/** A weekend day carries this fraction of a weekday's conversations. */
const WEEKEND_FACTOR = 0.45;

function normalise(a: number[]): number[] {
  const total = a.reduce((s, x) => s + x, 0);
  return a.map((x) => x / total);
}
const WEEKDAY = normalise(WEEKDAY_SHAPE);
const WEEKEND = normalise(WEEKEND_SHAPE).map((x) => x * WEEKEND_FACTOR);
const PEAK = Math.max(...WEEKDAY);

/** Relative weight of the wrap-up codes (same order as org.wrapUpCodes). */
const WRAP_UP_WEIGHTS = [30, 20, 10, 8, 8, 5, 4, 4, 3, 8];

/** Windows hold at most this many conversations (the id encodes seq in 14 bits). */
const MAX_PER_WINDOW = 0x3fff;

/** How many conversations the window cache may hold in total (~80 bytes each). */
const CACHE_MAX_CONVERSATIONS = 600_000;

// Packed layout of one conversation in a window's Int32Array. Times are relative to the hour.
const F_MEDIA = 0;
const F_OUTCOME = 1;
const F_START = 2;
const F_ACD_ENTER = 3;
const F_ACD_EXIT = 4;
const F_NR_USER = 5;
const F_NR_START = 6;
const F_NR_END = 7;
const F_USER = 8;
const F_ALERT_START = 9;
const F_HOLD_START = 10;
const F_HOLD_END = 11;
const F_TALK_END = 12;
const F_ACW_END = 13;
const F_WRAPUP = 14;
const F_TRANSFER = 15;
const F_EXT_END = 16;
const F_AGENT_HANGS_UP = 17;
const F_END = 18;
const F_VARIANT = 19;
const FIELDS = 20;

/** The conversations of one (queue, hour), packed. */
export type ConvWindow = { queue: number; hour: number; count: number; data: Int32Array };

/** A blank record, to be filled by `readConv`. */
export function newConv(): Conv {
  return {
    queue: 0,
    hour: 0,
    seq: 0,
    media: 0,
    outcome: 0,
    start: 0,
    acdEnter: 0,
    acdExit: 0,
    nrUser: -1,
    nrStart: 0,
    nrEnd: 0,
    user: -1,
    alertStart: 0,
    holdStart: 0,
    holdEnd: 0,
    talkEnd: 0,
    acwEnd: 0,
    wrapup: -1,
    transfer: 0,
    extEnd: 0,
    agentHangsUp: false,
    end: 0,
    variant: 0,
  };
}

/** Fill `into` with conversation `i` of the window (no allocation) and return it. */
export function readConv(w: ConvWindow, i: number, into: Conv): Conv {
  const d = w.data;
  const o = i * FIELDS;
  const base = w.hour * HOUR_MS;
  into.queue = w.queue;
  into.hour = w.hour;
  into.seq = i;
  into.media = d[o + F_MEDIA] as MediaIndex;
  into.outcome = d[o + F_OUTCOME] as Outcome;
  into.start = base + d[o + F_START]!;
  into.acdEnter = base + d[o + F_ACD_ENTER]!;
  into.acdExit = base + d[o + F_ACD_EXIT]!;
  into.nrUser = d[o + F_NR_USER]!;
  into.nrStart = base + d[o + F_NR_START]!;
  into.nrEnd = base + d[o + F_NR_END]!;
  into.user = d[o + F_USER]!;
  into.alertStart = base + d[o + F_ALERT_START]!;
  into.holdStart = base + d[o + F_HOLD_START]!;
  into.holdEnd = base + d[o + F_HOLD_END]!;
  into.talkEnd = base + d[o + F_TALK_END]!;
  into.acwEnd = base + d[o + F_ACW_END]!;
  into.wrapup = d[o + F_WRAPUP]!;
  into.transfer = d[o + F_TRANSFER] as Conv["transfer"];
  into.extEnd = base + d[o + F_EXT_END]!;
  into.agentHangsUp = d[o + F_AGENT_HANGS_UP] === 1;
  into.end = base + d[o + F_END]!;
  into.variant = d[o + F_VARIANT]! >>> 0;
  return into;
}

/** Start time of conversation `i` without unpacking the rest. */
export function startOf(w: ConvWindow, i: number): number {
  return w.hour * HOUR_MS + w.data[i * FIELDS + F_START]!;
}

/** Relative time; fields that do not apply (0, e.g. hold times of an abandon) read back as the hour start. */
function rel(ms: number, base: number): number {
  return ms === 0 ? 0 : ms - base;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.round(Math.min(hi, Math.max(lo, x)));
}

const MEDIA_NAMES = ["voice", "chat", "email", "message"] as const;

/** An hour's share of a weekday's traffic (curve and flat), and its load relative to the peak. */
type HourShape = { curve: number; flat: number; busy: number };

export class Traffic {
  private readonly cache = new Map<number, ConvWindow>();
  private cached = 0;
  private readonly shapes = new Map<number, HourShape>();
  private readonly windowTag = hashString("window");
  /** The SURGE knob's surges (surge.ts): extra arrivals and slower answers in the windows they touch. */
  readonly surges: SurgePlan;

  constructor(
    private readonly org: SimOrg,
    private readonly seed: number,
    private readonly volume: number,
    private readonly timeZone: string,
  ) {
    this.surges = new SurgePlan(seed);
  }

  /**
   * Starts a surge on `queue` at `now` (surge.ts) and drops the queue's cached windows from that
   * hour on: they are generated again with it. Earlier windows, and other queues, are unchanged.
   */
  startSurge(queue: number, factor: number, minutes: number, now: number): void {
    this.forget([queue], this.surges.add(queue, factor, minutes, now));
  }

  /** Ends every running surge at `now` (what has happened stays); their windows are redone. */
  endSurges(now: number): void {
    this.forget(this.surges.endAll(now), Math.floor(now / HOUR_MS));
  }

  /** Drops the cached windows of `queues` from `fromHour` on. */
  private forget(queues: readonly number[], fromHour: number): void {
    if (queues.length === 0) return;
    const set = new Set(queues);
    for (const [key, w] of this.cache) {
      if (w.hour < fromHour || !set.has(w.queue)) continue;
      this.cache.delete(key);
      this.cached -= w.count + 1;
    }
  }

  /** Every conversation starting in [hour*1h, (hour+1)*1h) in the queue, in start order. */
  window(queue: number, hour: number): ConvWindow {
    const key = hour * 65536 + queue;
    const hit = this.cache.get(key);
    if (hit) {
      // Refresh recency.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const q = this.org.queues[queue];
    const w = q ? this.generate(q, hour) : { queue, hour, count: 0, data: new Int32Array(0) };
    this.cache.set(key, w);
    this.cached += w.count + 1;
    while (this.cached > CACHE_MAX_CONVERSATIONS) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cached -= (this.cache.get(oldest.value)?.count ?? 0) + 1;
      this.cache.delete(oldest.value);
    }
    return w;
  }

  cacheSize(): { windows: number; conversations: number } {
    return { windows: this.cache.size, conversations: this.cached - this.cache.size };
  }

  /**
   * How busy the hour is in the org time zone: its share of arrivals relative to a weekday's
   * peak hour (0..1; weekends lower). The real-time roster (observations.ts) follows it.
   */
  load(hour: number): number {
    return this.shape(hour).busy;
  }

  /** Arrival shape of an hour in the org time zone (cached: shared by every queue). */
  private shape(hour: number): HourShape {
    let s = this.shapes.get(hour);
    if (!s) {
      const local = DateTime.fromMillis(hour * HOUR_MS, { zone: this.timeZone });
      const weekend = local.weekday >= 6;
      const curve = (weekend ? WEEKEND : WEEKDAY)[local.hour] ?? 0;
      s = { curve, flat: (weekend ? WEEKEND_FACTOR : 1) / 24, busy: curve / PEAK };
      if (this.shapes.size > 50_000) this.shapes.clear();
      this.shapes.set(hour, s);
    }
    return s;
  }

  private generate(q: SimQueue, hour: number): ConvWindow {
    const rng = rngFor(this.seed, this.windowTag, q.index, hour);
    const shape = this.shape(hour);
    const hourStart = hour * HOUR_MS;

    // Arrivals: one Poisson draw around the queue's daily volume times the hour's share, each
    // arrival then given a media by that media's share of the hour (Poisson splitting: the same
    // as one Poisson process per media). Starts are sorted as numbers: the media rides in the
    // low bits (an arrival time has 1 ms resolution, the media index fits below it).
    const means = [0, 0, 0, 0];
    let total = 0;
    for (let m = 0; m < 4; m++) {
      const share = q.mediaShare[m] ?? 0;
      if (share <= 0) continue;
      const model = MEDIA_MODELS[m as MediaIndex];
      const mean = q.dailyVolume * this.volume * share * ((1 - model.flatness) * shape.curve + model.flatness * shape.flat);
      means[m] = mean;
      total += mean;
    }
    const base = Math.min(poisson(rng, total), MAX_PER_WINDOW);
    // A surge's extra arrivals (their own random stream) join the hour's; the ones before the
    // surge keep their place and random draws, so the window before it is unchanged.
    const surged = this.surges.touches(q.index, hour);
    const extra = surged ? this.surges.extraArrivals(q.index, hour, means, total).slice(0, MAX_PER_WINDOW - base) : [];
    const n = base + extra.length;
    const keys = new Float64Array(n);
    for (let i = 0; i < base; i++) {
      const m = pickMedia(means, rng() * total);
      keys[i] = Math.floor(rng() * HOUR_MS) * 4 + m;
    }
    keys.set(extra, base);
    keys.sort();

    const data = new Int32Array(n * FIELDS);
    for (let seq = 0; seq < n; seq++) {
      const key = keys[seq]!;
      const media = (key % 4) as MediaIndex;
      const start = hourStart + (key - media) / 4;
      const slow = surged ? this.surges.slowdown(q.index, start) : null;
      this.conversation(rng, q, hour, seq, start, media, shape.busy, data, slow);
    }
    return { queue: q.index, hour, count: n, data };
  }

  /** Generate conversation `seq` of the window into `out` (the window's packed data). */
  private conversation(
    rng: Rng,
    q: SimQueue,
    hour: number,
    seq: number,
    start: number,
    media: MediaIndex,
    busy: number,
    out: Int32Array,
    slow: SurgeSlowdown | null,
  ): void {
    const model = MEDIA_MODELS[media];
    const ivrMs = model.ivr ? clamp(logNormal(rng, model.ivr[0], model.ivr[1]), 5 * S, 120 * S) : 0;
    const acdEnter = start + ivrMs;

    // Waits grow with the hour's load and shrink with the queue's staffing; a surge (surge.ts)
    // multiplies the median and adds its backlog (the same random draws: only values change),
    // which levels off around the callers' median patience: past it most give up, which is what
    // keeps a real overloaded queue from growing without bound (agents still answer the rest).
    const waitMedian = ((model.wait[0] * (0.35 + 1.3 * busy * busy)) / (q.staffing * q.staffing)) * (slow?.waitFactor ?? 1);
    const backlogCap = Number.isFinite(model.patience) ? model.patience : model.flowOutAfter / 2;
    const backlog = slow ? Math.min(slow.backlogMs, backlogCap) : 0;
    const queueMs = clamp(logNormal(rng, waitMedian, model.wait[1]) + backlog, 200, 24 * 3600 * S);
    const patience = !Number.isFinite(model.patience)
      ? Infinity
      : rng() < model.quickHangUp
        ? Math.round(2 * S + rng() * 8 * S)
        : clamp(logNormal(rng, model.patience, 0.9), 1 * S, 24 * 3600 * S);
    const optOut = rng() < model.optOut;

    let outcome: Outcome;
    let acdExit: number;
    if (optOut) {
      outcome = OUTCOME_FLOW_OUT;
      acdExit = acdEnter + clamp(20 * S + rng() * 100 * S, 1 * S, model.flowOutAfter);
    } else if (patience < queueMs && patience < model.flowOutAfter) {
      // Long waits exhaust more callers' patience: abandons concentrate where waits are long.
      outcome = OUTCOME_ABANDONED;
      acdExit = acdEnter + patience;
    } else if (queueMs >= model.flowOutAfter) {
      outcome = OUTCOME_FLOW_OUT;
      acdExit = acdEnter + model.flowOutAfter;
    } else {
      outcome = OUTCOME_ANSWERED;
      acdExit = 0; // set below
    }

    const members = q.memberUserIndexes;
    const alertTimeout = q.alertingTimeoutSeconds[MEDIA_NAMES[media]] * S;
    let nrUser = -1;
    let nrStart = 0;
    let nrEnd = 0;
    let user = -1;
    let alertStart = 0;
    let holdStart = 0;
    let holdEnd = 0;
    let talkEnd = 0;
    let acwEnd = 0;
    let wrapup = -1;
    let transfer: Conv["transfer"] = TRANSFER_NONE;
    let extEnd = 0;
    let agentHangsUp = false;
    const variant = Math.floor(rng() * 4294967296);

    if (outcome === OUTCOME_ANSWERED) {
      const userSlot = Math.floor(rng() * members.length);
      user = members[userSlot] ?? -1;
      let t = acdEnter + queueMs;
      if (members.length > 1 && rng() < model.notRespondingRate) {
        nrUser = members[(userSlot + 1 + Math.floor(rng() * (members.length - 1))) % members.length] ?? -1;
        nrStart = t;
        nrEnd = t + alertTimeout;
        t = nrEnd;
      }
      alertStart = t;
      acdExit = t + clamp(logNormal(rng, model.alert, 0.5), 500, alertTimeout);
      const talk = clamp(logNormal(rng, model.talk[0], model.talk[1]), 10 * S, model.talk[2]);
      const hold = rng() < model.holdRate ? clamp(logNormal(rng, model.hold, 0.7), 5 * S, 900 * S) : 0;
      holdStart = acdExit + (hold > 0 ? Math.round(talk * (0.2 + 0.5 * rng())) : talk);
      holdEnd = holdStart + hold;
      talkEnd = acdExit + talk + hold;
      acwEnd = talkEnd + clamp(logNormal(rng, model.acw[0], 0.6), 3 * S, model.acw[1]);
      wrapup = weightedIndex(rng, WRAP_UP_WEIGHTS);
      if (rng() < model.transferRate) {
        transfer = rng() < 0.6 ? TRANSFER_BLIND : TRANSFER_CONSULT;
        extEnd = talkEnd + clamp(logNormal(rng, 180 * S, 0.6), 20 * S, 900 * S);
      } else {
        agentHangsUp = rng() < 0.3;
      }
    }

    const end = Math.max(acdExit, acwEnd, extEnd);
    if (end - start > MAX_CONVERSATION_MS) throw new Error("simulator bug: conversation longer than MAX_CONVERSATION_MS");
    // Written straight into the window (no intermediate object: this runs millions of times).
    const o = seq * FIELDS;
    const base = hour * HOUR_MS;
    out[o + F_MEDIA] = media;
    out[o + F_OUTCOME] = outcome;
    out[o + F_START] = start - base;
    out[o + F_ACD_ENTER] = acdEnter - base;
    out[o + F_ACD_EXIT] = acdExit - base;
    out[o + F_NR_USER] = nrUser;
    out[o + F_NR_START] = rel(nrStart, base);
    out[o + F_NR_END] = rel(nrEnd, base);
    out[o + F_USER] = user;
    out[o + F_ALERT_START] = rel(alertStart, base);
    out[o + F_HOLD_START] = rel(holdStart, base);
    out[o + F_HOLD_END] = rel(holdEnd, base);
    out[o + F_TALK_END] = rel(talkEnd, base);
    out[o + F_ACW_END] = rel(acwEnd, base);
    out[o + F_WRAPUP] = wrapup;
    out[o + F_TRANSFER] = transfer;
    out[o + F_EXT_END] = rel(extEnd, base);
    out[o + F_AGENT_HANGS_UP] = agentHangsUp ? 1 : 0;
    out[o + F_END] = end - base;
    out[o + F_VARIANT] = variant | 0;
  }
}
