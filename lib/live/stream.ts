import "server-only";
/**
 * `GET /api/live/stream`: Server-Sent Events (WHATWG HTML "Server-sent events",
 * https://html.spec.whatwg.org/multipage/server-sent-events.html). One hub per process holds
 * every open stream: it listens once to the store's live channel (Redis pub/sub across instances,
 * in-process with files), and while anyone watches it ticks every LIVE_POLL_SECONDS so that the
 * deployment's one observer keeps observing (lib/live/live-snapshots.ts). Each change is rendered
 * once per distinct filter and the same bytes go to every viewer of that filter.
 *
 * A slow viewer never holds up the others: each stream queues at most MAX_QUEUED_EVENTS events;
 * one that falls further behind is closed, and its browser reconnects (the `retry:` hint) to the
 * latest snapshot.
 */
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import type { SnapshotStore } from "@/lib/store";
import { LIVE_CHANNEL, readObservedState, refreshIfDue, type LiveObserver } from "./live-snapshots";
import type { ObservedState } from "./observed-state";
import type { LiveFilter } from "./render";

export const MAX_QUEUED_EVENTS = 8;
/** Proxies close idle connections after 30–60 s; a comment line keeps this one open. */
export const KEEP_ALIVE_MS = 15_000;
/** How long a browser waits before reconnecting (EventSource's `retry:` field). */
export const RETRY_MS = 3_000;

type Viewer = {
  filter: LiveFilter;
  key: string;
  controller: ReadableStreamDefaultController<Uint8Array>;
  last?: string;
  closed: boolean;
};

export type LiveHubDeps = {
  store: SnapshotStore;
  observer: () => LiveObserver;
  render: (state: ObservedState, filter: LiveFilter) => Promise<LiveSnapshot>;
  pollSeconds: number;
  /** Close each stream after this long (Vercel ends a function at its maxDuration); none by default. */
  maxStreamMs?: number;
  logger?: Pick<Console, "warn">;
};

const encoder = new TextEncoder();

function filterKey(filter: LiveFilter): string {
  return JSON.stringify([filter.queueIds ?? null, filter.mediaType ?? null, filter.visible ? [...filter.visible].sort() : null]);
}

export class LiveHub {
  private readonly viewers = new Set<Viewer>();
  private unsubscribe: Promise<() => Promise<void>> | null = null;
  private timers: ReturnType<typeof setInterval>[] = [];
  private broadcasting: Promise<void> = Promise.resolve();
  /** Streams closed for falling behind, since start (the benchmark reads it). */
  dropped = 0;

  constructor(private readonly deps: LiveHubDeps) {}

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** A new stream for one viewer: the current snapshot at once, then every change. */
  open(filter: LiveFilter, signal?: AbortSignal): ReadableStream<Uint8Array> {
    let viewer: Viewer;
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          viewer = { filter, key: filterKey(filter), controller, closed: false };
          controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n\n`));
          this.add(viewer);
          if (this.deps.maxStreamMs) setTimeout(() => this.close(viewer), this.deps.maxStreamMs).unref?.();
          signal?.addEventListener("abort", () => this.close(viewer), { once: true });
          void this.schedule(() => this.sendCurrent([viewer]));
        },
        cancel: () => this.remove(viewer),
      },
      new CountQueuingStrategy({ highWaterMark: MAX_QUEUED_EVENTS }),
    );
  }

  private add(viewer: Viewer): void {
    this.viewers.add(viewer);
    if (this.viewers.size > 1) return;
    this.unsubscribe = this.deps.store
      .subscribe(LIVE_CHANNEL, () => void this.schedule(() => this.sendCurrent([...this.viewers])))
      .catch((error: unknown) => {
        this.deps.logger?.warn(`[live] not listening for changes from other instances: ${(error as Error).message}`);
        return async () => undefined;
      });
    const tick = () => void this.tick();
    const keepAlive = () => this.keepAlive();
    // Twice a period: ticking once a period, in phase with the last observation, would find it not
    // quite due and leave the state up to two periods old.
    this.timers = [setInterval(tick, (this.deps.pollSeconds * 1000) / 2), setInterval(keepAlive, KEEP_ALIVE_MS)];
    for (const timer of this.timers) timer.unref?.();
  }

  private remove(viewer: Viewer): void {
    viewer.closed = true;
    this.viewers.delete(viewer);
    if (this.viewers.size > 0) return;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    void unsubscribe?.then((stop) => stop()).catch(() => undefined);
  }

  private close(viewer: Viewer): void {
    if (viewer.closed) return;
    this.remove(viewer);
    try {
      viewer.controller.close();
    } catch {
      // already closed by the browser
    }
  }

  /** One broadcast at a time, in order: a viewer never gets an older snapshot after a newer one. */
  private schedule(work: () => Promise<void>): Promise<void> {
    this.broadcasting = this.broadcasting.then(work).catch((error: unknown) => {
      this.deps.logger?.warn(`[live] a snapshot was not sent: ${(error as Error).message}`);
    });
    return this.broadcasting;
  }

  /** Keeps the deployment's observer going while anyone watches; a stale state is sent as such. */
  private async tick(): Promise<void> {
    try {
      await refreshIfDue(this.deps.observer());
    } catch (error) {
      this.deps.logger?.warn(`[live] the store could not be read: ${(error as Error).message}`);
    }
    await this.schedule(() => this.sendCurrent([...this.viewers]));
  }

  private async sendCurrent(viewers: Viewer[]): Promise<void> {
    if (viewers.length === 0) return;
    let state = await readObservedState(this.deps.store);
    // The first viewer of a cold deployment: observe now rather than at the next tick.
    state ??= await refreshIfDue(this.deps.observer());
    if (!state) return;
    const rendered = new Map<string, { text: string; bytes: Uint8Array }>();
    for (const viewer of viewers) {
      if (viewer.closed) continue;
      let event = rendered.get(viewer.key);
      if (!event) {
        const text = JSON.stringify(await this.deps.render(state, viewer.filter));
        event = { text, bytes: encoder.encode(`event: snapshot\ndata: ${text}\n\n`) };
        rendered.set(viewer.key, event);
      }
      if (event.text === viewer.last) continue;
      viewer.last = event.text;
      this.send(viewer, event.bytes);
    }
  }

  private send(viewer: Viewer, bytes: Uint8Array): void {
    if (viewer.closed) return;
    if ((viewer.controller.desiredSize ?? 0) <= 0) {
      // MAX_QUEUED_EVENTS unread: this browser is not keeping up. It reconnects to the latest.
      this.dropped += 1;
      this.close(viewer);
      return;
    }
    viewer.controller.enqueue(bytes);
  }

  private keepAlive(): void {
    const comment = encoder.encode(": keep-alive\n\n");
    for (const viewer of this.viewers) this.send(viewer, comment);
  }
}
