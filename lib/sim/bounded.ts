/**
 * A Map with a hard cap, for what visitors make the simulator remember (tokens, authorization
 * codes, refresh tokens): however many requests come, memory stays bounded, and what is still
 * valid survives as long as the cap allows.
 *
 * Eviction runs on every insert, amortised O(1):
 * - the oldest entries (a Map iterates in insertion order, so they are the first to lapse) are
 *   looked at, and dropped while `gone` (of no use any more);
 * - at the cap, a full sweep drops every `dead` entry (expired, used, revoked) first; if that
 *   frees less than a sixteenth of the cap, the oldest live entries go too, down to that much
 *   room, so the next cap/16 inserts need no sweep.
 */
export class BoundedStore<V> {
  private readonly map = new Map<string, V>();

  constructor(
    /** Hard cap on the number of entries. */
    readonly cap: number,
    /** Of no use any more (dropped from the head on every insert). */
    private readonly gone: (value: V, now: number) => boolean,
    /** Evictable before any live entry when the store is full (at least everything `gone`). */
    private readonly dead: (value: V, now: number) => boolean = gone,
  ) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error(`BoundedStore cap must be a positive integer, not ${cap}`);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  set(key: string, value: V, now: number): void {
    this.map.delete(key);
    this.dropGoneHead(now, 4);
    if (this.map.size >= this.cap) this.makeRoom(now);
    this.map.set(key, value);
  }

  /** Drop up to `max` leading entries that are gone; stop at the first live one. */
  private dropGoneHead(now: number, max: number): void {
    let dropped = 0;
    for (const [k, v] of this.map) {
      if (dropped >= max || !this.gone(v, now)) return;
      this.map.delete(k);
      dropped++;
    }
  }

  private makeRoom(now: number): void {
    for (const [k, v] of this.map) if (this.dead(v, now)) this.map.delete(k);
    const room = Math.max(1, Math.ceil(this.cap / 16));
    for (const k of this.map.keys()) {
      if (this.cap - this.map.size >= room) break;
      this.map.delete(k);
    }
  }
}
