import "server-only";
/**
 * The Notifications API subscriber: on a long-running host (LIVE_SOURCE=notifications, or auto off
 * Vercel), one instance per deployment holds one channel and its WebSocket, and updates the stored
 * live state as events arrive, so viewers see changes within a second instead of a poll period.
 *
 * How the API behaves (NotificationsApi, platform-client-sdk-javascript build/docs/NotificationsApi.md;
 * the Java SDK's NotificationHandler; Genesys's developer blog, 2021-12-02 and 2021-12-03):
 * - `POST /api/v2/notifications/channels` answers `{connectUri, id, expires}`; a channel lives 24 h
 *   and holds at most 1,000 topics; an app has at most 20 channels (a 21st evicts the least recently
 *   used), shared by every instance on one OAuth client: hence one subscriber per deployment, held
 *   under the store's lock (renewed while held; another instance takes over if this one dies).
 * - A heartbeat `{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}`
 *   comes about every 30 s; `{"message":"ping"}` is answered by `pong` on the same topic.
 * - `v2.system.socket_closing` announces a closing socket: reconnect to the same channel.
 * - Nothing is replayed: events missed while disconnected are gone, so the full observations query
 *   runs again after every (re)connect.
 *
 * Whenever the channel or its token fails, polling carries on (lib/live/live-snapshots.ts: the
 * state goes due when this subscriber stops touching it) and the reason is kept for /api/health.
 */
import WebSocket from "ws";
import { z } from "zod";
import type { GenesysClient } from "@/lib/genesys";
import { genesysUnavailableText } from "@/lib/server/genesys-unavailable";
import type { SnapshotStore } from "@/lib/store";
import { OBSERVATIONS_TOPIC, applyObservationEvent, observationEventBody, observationsTopic } from "./observation-events";
import { observeQueues, saveObservedState, type LiveObserver } from "./live-snapshots";
import type { ObservedState } from "./observed-state";

export const MAX_TOPICS_PER_CHANNEL = 1000;
const LEASE = "live-subscriber";
const LEASE_TTL_MS = 30_000;
/** Heartbeats come about every 30 s: past this without a frame, ask for a pong. */
export const SILENCE_BEFORE_PING_MS = 45_000;
const PONG_WAIT_MS = 15_000;
/** A new channel an hour before the old one expires (24 h). */
const RENEW_BEFORE_EXPIRY_MS = 60 * 60_000;
/** Several events usually arrive together: one store write for all of them. */
const SAVE_COALESCE_MS = 250;
const MAX_DROPS_PER_CHANNEL = 5;

const STATUS_KEY = "live.subscriber";
export const subscriberStatusSchema = z.object({
  state: z.enum(["connecting", "connected", "fallback"]),
  since: z.string(),
  /** Why the subscriber is not connected (what the deployer must fix, or the last drop). */
  reason: z.string().optional(),
});
export type SubscriberStatus = z.infer<typeof subscriberStatusSchema>;

export async function readSubscriberStatus(store: SnapshotStore): Promise<SubscriberStatus | null> {
  return store.readCache(STATUS_KEY, subscriberStatusSchema);
}

export type SubscriberDeps = {
  observer: LiveObserver;
  client: Pick<GenesysClient, "createNotificationChannel" | "replaceChannelSubscriptions">;
  logger?: Pick<Console, "info" | "warn">;
  /** For tests: shorter waits. */
  timing?: Partial<{ silenceMs: number; pongWaitMs: number; firstBackoffMs: number; maxBackoffMs: number }>;
};

type Outcome = "closing" | "dropped" | "renew" | "stopped";

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export class NotificationsSubscriber {
  private state: ObservedState | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** Connections made since start (tests and the benchmark read them). */
  connections = 0;
  channelsCreated = 0;

  constructor(private readonly deps: SubscriberDeps) {}

  private get store(): SnapshotStore {
    return this.deps.observer.store;
  }

  private backoff(failures: number): number {
    const first = this.deps.timing?.firstBackoffMs ?? 1000;
    const max = this.deps.timing?.maxBackoffMs ?? 60_000;
    // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): instances do not reconnect in step.
    return Math.round(Math.random() * Math.min(max, first * 2 ** (failures - 1)));
  }

  private async setStatus(state: SubscriberStatus["state"], reason?: string): Promise<void> {
    const status: SubscriberStatus = { state, since: new Date().toISOString(), ...(reason ? { reason } : {}) };
    await this.store.writeCache(STATUS_KEY, status, 24 * 60 * 60_000).catch(() => undefined);
  }

  /** Holds the deployment's subscription until `signal` aborts; stands by while another instance holds it. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const held = await this.store
        .withLock(LEASE, LEASE_TTL_MS, ({ lost }) => this.hold(AbortSignal.any([signal, lost])))
        .catch((error: unknown) => {
          this.deps.logger?.warn(`[live] the subscriber's lock could not be taken: ${(error as Error).message}`);
          return { acquired: false as const };
        });
      if (!held.acquired) await sleep(LEASE_TTL_MS / 2, signal);
    }
  }

  private async hold(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.setStatus("connecting");
        const channel = await this.openChannel(signal);
        failures = 0;
        await this.holdChannel(channel, signal);
      } catch (error) {
        failures += 1;
        const reason = genesysUnavailableText(error, "live");
        this.deps.logger?.warn(`[live] notifications unavailable, polling instead: ${(error as Error).message}`);
        await this.setStatus("fallback", reason);
        await sleep(this.backoff(failures) + (this.deps.timing?.firstBackoffMs ?? 1000), signal);
      }
    }
  }

  /** A new channel subscribed to every observed queue's topic; a rejected topic is an error that says why. */
  private async openChannel(signal: AbortSignal): Promise<{ connectUri: string; renewAt: number }> {
    const queues = await this.deps.observer.listQueues();
    if (queues.length > MAX_TOPICS_PER_CHANNEL) {
      throw new Error(`${queues.length} queues: one channel holds at most ${MAX_TOPICS_PER_CHANNEL} topics`);
    }
    const channel = await this.deps.client.createNotificationChannel({ signal });
    this.channelsCreated += 1;
    const topics = await this.deps.client.replaceChannelSubscriptions(
      channel.id,
      queues.map((q) => observationsTopic(q.id)),
      { signal },
    );
    const rejected = topics.filter((t) => t.state && t.state !== "Permitted");
    if (rejected.length) {
      const missing = [...new Set(rejected.flatMap((t) => t.missingPermissions ?? []))];
      throw new Error(
        `${rejected.length} subscriptions rejected (${rejected[0]!.rejectionReason ?? "no reason given"})` +
          (missing.length ? `: the OAuth client needs ${missing.join(", ")}` : ""),
      );
    }
    const lifetime = 24 * 60 * 60_000;
    const expires = channel.expires ? Date.parse(channel.expires) : NaN;
    // A clock that disagrees with Genesys's (an expiry already past here) must not renew in a loop:
    // then the documented 24 h count from now.
    const renewAt = (Number.isFinite(expires) && expires > Date.now() ? expires : Date.now() + lifetime) - RENEW_BEFORE_EXPIRY_MS;
    return { connectUri: channel.connectUri, renewAt: Math.max(renewAt, Date.now() + 60_000) };
  }

  private async holdChannel(channel: { connectUri: string; renewAt: number }, signal: AbortSignal): Promise<void> {
    let drops = 0;
    while (!signal.aborted && Date.now() < channel.renewAt) {
      const outcome = await this.connectOnce(channel, signal);
      if (outcome === "renew" || outcome === "stopped") return;
      // socket_closing is routine (Genesys rotates sockets): reconnect at once; a drop backs off.
      if (outcome === "dropped") {
        drops += 1;
        if (drops > MAX_DROPS_PER_CHANNEL) throw new Error("the channel's WebSocket keeps dropping");
        await this.setStatus("connecting", "the WebSocket dropped; reconnecting");
        await sleep(this.backoff(drops), signal);
      }
    }
  }

  private connectOnce(channel: { connectUri: string; renewAt: number }, signal: AbortSignal): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const socket = new WebSocket(channel.connectUri, { handshakeTimeout: 10_000 });
      this.connections += 1;
      let lastHeard = Date.now();
      let pingedAt: number | null = null;
      const silenceMs = this.deps.timing?.silenceMs ?? SILENCE_BEFORE_PING_MS;
      const pongWaitMs = this.deps.timing?.pongWaitMs ?? PONG_WAIT_MS;
      const pollMs = this.deps.observer.pollSeconds * 1000;
      const finish = (outcome: Outcome) => {
        clearInterval(watchdog);
        clearInterval(toucher);
        clearTimeout(renewal);
        signal.removeEventListener("abort", onAbort);
        socket.removeAllListeners();
        socket.on("error", () => undefined);
        if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
        resolve(outcome);
      };
      const onAbort = () => finish("stopped");
      signal.addEventListener("abort", onAbort, { once: true });
      const renewal = setTimeout(() => finish("renew"), Math.max(0, channel.renewAt - Date.now()));
      const watchdog = setInterval(
        () => {
          const now = Date.now();
          if (pingedAt !== null && now - pingedAt > pongWaitMs) return finish("dropped");
          if (pingedAt === null && now - lastHeard > silenceMs && socket.readyState === WebSocket.OPEN) {
            pingedAt = now;
            socket.send(JSON.stringify({ message: "ping" }));
          }
        },
        Math.min(5_000, Math.max(50, Math.floor(silenceMs / 4))),
      );
      // While the socket is healthy the state is current: say so every poll period, so no instance polls.
      const toucher = setInterval(() => {
        if (pingedAt === null && Date.now() - lastHeard <= silenceMs) this.touch();
      }, pollMs);
      socket.on("open", () => {
        void this.resync();
      });
      socket.on("message", (data) => {
        lastHeard = Date.now();
        pingedAt = null;
        const outcome = this.onFrame(String(data));
        if (outcome) finish(outcome);
      });
      socket.on("close", () => finish("dropped"));
      socket.on("error", (error) => {
        this.deps.logger?.warn(`[live] the notifications WebSocket failed: ${error.message}`);
        finish("dropped");
      });
    });
  }

  /** After every (re)connect: the full state, since events missed meanwhile are gone. */
  private async resync(): Promise<void> {
    try {
      this.state = await observeQueues(this.deps.observer, "notifications");
      await saveObservedState(this.store, this.state);
      await this.setStatus("connected");
    } catch (error) {
      this.deps.logger?.warn(`[live] the observations query after connecting failed: ${(error as Error).message}`);
    }
  }

  private onFrame(text: string): Outcome | null {
    let frame: { topicName?: unknown; eventBody?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return null; // a bare "pong" or anything else that is not an event
    }
    const topic = typeof frame.topicName === "string" ? frame.topicName : "";
    if (topic === "v2.system.socket_closing") return "closing";
    if (!OBSERVATIONS_TOPIC.test(topic) || !this.state) return null;
    const body = observationEventBody.safeParse(frame.eventBody);
    if (!body.success) return null;
    const next = applyObservationEvent(this.state, body.data);
    if (next) {
      const now = new Date().toISOString();
      this.state = { ...next, observedAt: now, attemptAt: now, via: "notifications", error: undefined };
      this.scheduleSave();
    }
    return null;
  }

  private touch(): void {
    if (!this.state) return;
    const now = new Date().toISOString();
    this.state = { ...this.state, observedAt: now, attemptAt: now, via: "notifications", error: undefined };
    this.scheduleSave();
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      if (this.state) void saveObservedState(this.store, this.state).catch(() => undefined);
    }, SAVE_COALESCE_MS);
  }
}
