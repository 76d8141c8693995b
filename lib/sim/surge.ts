/**
 * The SURGE knob (`sim.faults.set({surge: {queueId, factor, minutes}})`, POST /__sim/faults): from
 * `now` on, for `minutes`, one queue gets `factor` times its arrivals and answers them slower, so
 * its service level visibly drops, callers abandon and its queue grows.
 *
 * It acts inside the traffic model (traffic.ts asks this plan while generating a window), so every
 * endpoint sees the same surge: the observations query and its events, aggregates (service level,
 * abandons) and details. Deterministic: extra arrivals come from their own random stream, hashed
 * from (seed, queue, hour, surge ordinal), and a surge only touches conversations that start at or
 * after its start, which is `now` when it is set, so nothing that has already happened changes.
 *
 * The model (the simulator's, not Genesys's: lib/sim/README.md "Choices where the real API is
 * unconfirmed"):
 * - arrivals: the hour's mean arrival rate times (factor − 1) more, spread uniformly over the part
 *   of the hour the surge covers, each given a media by the hour's media shares;
 * - answers: every conversation arriving during the surge has its median wait multiplied by
 *   `factor` (the same agents for `factor` times the callers) plus a backlog that grows with the
 *   time since the surge began, (factor − 1) × elapsed × BACKLOG_SHARE: the fluid approximation of
 *   a queue whose arrivals exceed its service rate, halved for the callers who give up, levelling
 *   off at the media's median patience (traffic.ts): past it most callers give up, so the queue
 *   settles rather than growing without bound and agents still answer the rest. Longer waits
 *   exhaust more callers' patience, so abandons rise through the existing patience model.
 * When the surge ends the backlog ends with it (a simplification: a real queue drains slowly).
 */
import { z } from "zod";
import { SimOptionError } from "./options";
import type { SimOrg } from "./org";
import { hashString, poisson, rngFor } from "./random";
import { HOUR_MS } from "./time";

/** A surge as set: the queue id, arrivals multiplier and duration. */
export type SurgeSetting = { queueId: string; factor: number; minutes: number };

/** Bounds: a factor of 20 at the busiest queue's peak is still < 1,000 extra arrivals an hour. */
export const SURGE_MAX_FACTOR = 20;
export const SURGE_MAX_MINUTES = 24 * 60;
/** Surges set at most per simulator (each is consulted by every window of its queue). */
export const SURGE_MAX_COUNT = 100;
/** Share of the fluid backlog a newcomer waits behind (the rest abandon before their turn). */
const BACKLOG_SHARE = 0.5;
const TAG_SURGE = hashString("surge");

const surgeSchema = z.strictObject({
  queueId: z.string().min(1).max(200),
  factor: z.number().min(1).max(SURGE_MAX_FACTOR),
  minutes: z.number().gt(0).max(SURGE_MAX_MINUTES),
});

/** Validates a `surge` knob value; throws a SimOptionError naming the field (`surge.factor`, …). */
export function parseSurge(value: unknown, org: SimOrg): SurgeSetting {
  const parsed = surgeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ["surge", ...(issue?.path ?? []).map(String)].join(".");
    throw new SimOptionError(field, `Invalid fault option ${field}: ${issue?.message ?? "invalid"} (surge is {queueId, factor, minutes})`);
  }
  // A queue's name also works (a demo knows "Sales", not its id); the id is what is kept.
  const byName = org.queues.find((q) => q.name.toLowerCase() === parsed.data.queueId.toLowerCase());
  const queueId = org.queueById.has(parsed.data.queueId) ? parsed.data.queueId : byName?.id;
  if (!queueId) {
    throw new SimOptionError("surge.queueId", `Invalid fault option surge.queueId: no queue has id or name ${parsed.data.queueId}`);
  }
  return { ...parsed.data, queueId };
}

type Surge = { ordinal: number; queue: number; factor: number; start: number; plannedEnd: number; end: number };

/** How a conversation arriving during a surge is slowed: its wait median multiplier and backlog. */
export type SurgeSlowdown = { waitFactor: number; backlogMs: number };

/** The surges set so far, by queue index; past ones stay (history does not change). */
export class SurgePlan {
  private readonly byQueue = new Map<number, Surge[]>();
  private count = 0;

  constructor(private readonly seed: number) {}

  /**
   * Starts a surge at `now`; a surge still running on that queue ends at `now`. Answers the first
   * hour whose windows change (the caller drops them from its cache).
   */
  add(queue: number, factor: number, minutes: number, now: number): number {
    if (this.count >= SURGE_MAX_COUNT)
      throw new SimOptionError("surge", `At most ${SURGE_MAX_COUNT} surges per simulator run (restart it to start over).`);
    this.endAll(now, queue);
    const list = this.byQueue.get(queue) ?? [];
    const plannedEnd = now + Math.round(minutes * 60_000);
    list.push({ ordinal: this.count++, queue, factor, start: now, plannedEnd, end: plannedEnd });
    this.byQueue.set(queue, list);
    return Math.floor(now / HOUR_MS);
  }

  /** Ends every running surge (of `onlyQueue`, when given) at `now`; answers the queues touched. */
  endAll(now: number, onlyQueue?: number): number[] {
    const touched: number[] = [];
    for (const [queue, list] of this.byQueue) {
      if (onlyQueue !== undefined && queue !== onlyQueue) continue;
      for (const s of list) {
        if (s.end <= now) continue;
        s.end = Math.max(s.start, now);
        touched.push(queue);
      }
    }
    return touched;
  }

  /** The surges set on a queue (settings and current end), for stats and tests. */
  list(): { queue: number; factor: number; start: number; end: number }[] {
    return [...this.byQueue.values()].flat().map(({ queue, factor, start, end }) => ({ queue, factor, start, end }));
  }

  /**
   * The extra arrivals of (queue, hour) as window keys (ms into the hour × 4 + media), drawn for
   * the surge's planned span (so ending it early keeps the draws before its end) and kept when
   * they start before its actual end. `means`: the hour's mean arrivals per media.
   */
  extraArrivals(queue: number, hour: number, means: readonly number[], total: number): number[] {
    const list = this.byQueue.get(queue);
    if (!list || total <= 0) return [];
    const hourStart = hour * HOUR_MS;
    const keys: number[] = [];
    for (const s of list) {
      const lo = Math.max(s.start, hourStart);
      const hi = Math.min(s.plannedEnd, hourStart + HOUR_MS);
      if (hi <= lo || s.factor <= 1) continue;
      const rng = rngFor(this.seed, TAG_SURGE, queue, hour, s.ordinal);
      const n = poisson(rng, (total * (s.factor - 1) * (hi - lo)) / HOUR_MS);
      for (let i = 0; i < n; i++) {
        const media = pickMedia(means, rng() * total);
        const at = lo + Math.floor(rng() * (hi - lo));
        if (at < s.end) keys.push((at - hourStart) * 4 + media);
      }
    }
    return keys;
  }

  /** The slowdown of a conversation of `queue` arriving at `start`, or null outside every surge. */
  slowdown(queue: number, start: number): SurgeSlowdown | null {
    const list = this.byQueue.get(queue);
    if (!list) return null;
    for (const s of list) {
      if (start < s.start || start >= s.end) continue;
      return { waitFactor: s.factor, backlogMs: (s.factor - 1) * (start - s.start) * BACKLOG_SHARE };
    }
    return null;
  }

  /** Whether any surge of the queue touches the hour (cheap test before the work above). */
  touches(queue: number, hour: number): boolean {
    const list = this.byQueue.get(queue);
    if (!list) return false;
    const lo = hour * HOUR_MS;
    return list.some((s) => s.start < lo + HOUR_MS && s.plannedEnd > lo);
  }
}

/** The media of an arrival: `x` in [0, total) falls in one media's share of the hour's means. */
export function pickMedia(means: readonly number[], x: number): number {
  let m = 0;
  for (let k = 0; k < means.length; k++) {
    const mean = means[k]!;
    if (mean <= 0) continue;
    m = k; // the last media with traffic also absorbs rounding at the top end
    if (x < mean) break;
    x -= mean;
  }
  return m;
}
