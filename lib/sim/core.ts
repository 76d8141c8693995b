/**
 * What every endpoint shares: options, the org, the traffic generator and the clock, plus the
 * walk over conversations by start time.
 */
import type { Conv } from "./conversations";
import type { SimulatorOptions } from "./options";
import type { SimOrg } from "./org";
import { HOUR_MS, DAY_MS } from "./time";
import { newConv, readConv, startOf, type Traffic } from "./traffic";

export type SimCore = {
  /** Live options: `faults.set` changes some of them at run time. */
  options: SimulatorOptions;
  org: SimOrg;
  traffic: Traffic;
  now: () => number;
};

/** Traffic begins at the hour `historyDays` before now. */
export function historyStart(core: SimCore, now: number): number {
  return Math.floor(now / HOUR_MS) * HOUR_MS - core.options.historyDays * DAY_MS;
}

/**
 * One hour's conversations of `queues` with start in [lo, hi) that pass `keep` (tested on a
 * reused record; only the kept ones are copied out), sorted by start, queue, seq.
 */
export function hourConversations(
  core: SimCore,
  queues: readonly number[],
  hour: number,
  lo: number,
  hi: number,
  keep: (c: Conv) => boolean = () => true,
): Conv[] {
  const out: Conv[] = [];
  const scratch = newConv();
  for (const q of queues) {
    const w = core.traffic.window(q, hour);
    for (let i = 0; i < w.count; i++) {
      const start = startOf(w, i);
      if (start < lo || start >= hi) continue;
      if (keep(readConv(w, i, scratch))) out.push({ ...scratch });
    }
  }
  if (queues.length > 1) out.sort((a, b) => a.start - b.start || a.queue - b.queue || a.seq - b.seq);
  return out;
}
