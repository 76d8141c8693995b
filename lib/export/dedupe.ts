/**
 * De-duplication inside one chunk, with a hard bound on memory. (Across chunks there is nothing
 * to remember: each conversation has one owner chunk, see plan.ts.)
 *
 * - Details query: its pages shift while the interval still receives data (Genesys blog
 *   https://developer.genesys.cloud/blog/2022-04-21-Analytics-conversations-api-behavior/), so a
 *   conversation can come back on the next page. The chunk's ids are kept, and a chunk holds at
 *   most 100,000 results (the query's own cap), ~50,000 by plan and ≤ 10,000 when `auto` chose
 *   the query: a few MB at worst, whatever the export's size.
 * - Jobs: results are a snapshot read by cursor; nothing shifts. A short window of the most
 *   recent ids (RECENT_JOB_IDS) still guards against a page handed out twice.
 */
export const RECENT_JOB_IDS = 2_048;

/** A set of the last `capacity` ids added (first in, first out). */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly order: string[] = [];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error("capacity must be at least 1");
  }

  /** True when `id` was seen (among the last `capacity`); otherwise remembers it. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    if (this.order.length < this.capacity) {
      this.order.push(id);
    } else {
      this.ids.delete(this.order[this.next]!);
      this.order[this.next] = id;
      this.next = (this.next + 1) % this.capacity;
    }
    this.ids.add(id);
    return false;
  }

  get size(): number {
    return this.ids.size;
  }

  clear(): void {
    this.ids.clear();
    this.order.length = 0;
    this.next = 0;
  }
}
