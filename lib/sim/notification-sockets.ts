/**
 * The Notifications API's WebSocket side (`ws`): one socket per channel at its `connectUri`.
 * - Embedded (`createSimulator` + `sim.fetch`, no port): the first channel created starts a
 *   listener on 127.0.0.1 with an ephemeral port; connectUri `ws://127.0.0.1:<port>/channels/<id>`.
 * - Standalone (`startSimulatorServer`, `npm run sim`): the API's own HTTP server serves the upgrade
 *   (`attach`); connectUri `ws://<host>:<port><basePath>/channels/<id>`.
 * Behaviour (NotificationsApi; Java SDK NotificationHandler; Genesys developer blog 2021-12-02/03):
 * - a heartbeat `{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}`
 *   about every 30 s (option notificationHeartbeatMs); `{"message":"ping"}` from the client is
 *   answered `{"topicName":"channel.metadata","eventBody":{"message":"pong"}}`;
 * - before the server closes a socket it sends `v2.system.socket_closing` (on demand, `closeSockets`,
 *   or periodically, option notificationSocketCloseSeconds; and when a channel expires, is evicted
 *   or gets a second connection, which drops the first);
 * - an unknown or expired channel: the upgrade is refused with 404 and the platform ErrorBody;
 * - events: notification-events.ts, checked every notificationCheckMs while a socket is open.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { SimCore } from "./core";
import { errorBody, notFound } from "./errors";
import { SentValues } from "./notification-events";
import { ChannelStore, type Channel } from "./notifications";

/** Counters of `sim.stats().webSockets`. `open` is a gauge (never reset). */
export type WebSocketStats = {
  channelsCreated: number;
  subscriptionCalls: number;
  connections: number;
  refused: number;
  open: number;
  events: number;
  heartbeats: number;
  closedByServer: number;
};

export const emptyWebSocketStats = (): WebSocketStats => ({
  channelsCreated: 0,
  subscriptionCalls: 0,
  connections: 0,
  refused: 0,
  open: 0,
  events: 0,
  heartbeats: 0,
  closedByServer: 0,
});

const metadata = (message: string) => JSON.stringify({ topicName: "channel.metadata", version: "2", eventBody: { message } });
const SOCKET_CLOSING = JSON.stringify({ topicName: "v2.system.socket_closing", version: "2", eventBody: { message: "Socket closing" } });
/** Client frames are tiny (`{"message":"ping"}`); a larger one closes the socket (ws: 1009). */
const MAX_CLIENT_FRAME = 4096;

type LiveSocket = { ws: WebSocket; channel: Channel; timers: NodeJS.Timeout[] };
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
/** On close, sockets get this long to finish their closing handshake before they are cut. */
const CLOSE_GRACE_MS = 1000;

export class NotificationHub {
  readonly store: ChannelStore;
  private readonly sent = new SentValues();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME });
  private readonly sockets = new Map<string, LiveSocket>();
  private embedded: Promise<{ server: Server; base: string }> | null = null;
  private attached: { server: Server; base: string; listener: UpgradeListener } | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly core: SimCore,
    private readonly stats: WebSocketStats,
  ) {
    this.store = new ChannelStore(
      (c) => this.onChannelRemoved(c),
      () => core.options.notificationChannelLifetimeSeconds * 1000,
    );
  }

  /** The ws:// base of connectUri: the attached server's, or the embedded listener's (started now). */
  async connectBase(): Promise<string> {
    if (this.attached) return this.attached.base;
    if (this.closed) throw new Error("the simulator is closed");
    this.embedded ??= this.listen();
    return (await this.embedded).base;
  }

  /** The embedded listener's base URL once started (null before the first channel). */
  async listenerBase(): Promise<string | null> {
    return this.embedded ? (await this.embedded).base : null;
  }

  /** Serve upgrades at `<prefix>/channels/<id>` on `server` (the standalone API server). */
  attach(server: Server, base: string, prefix: string): void {
    const listener: UpgradeListener = (req, socket, head) => this.upgrade(req, socket, head, prefix);
    server.on("upgrade", listener);
    this.attached = { server, base, listener };
  }

  private listen(): Promise<{ server: Server; base: string }> {
    const server = createServer((_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify(errorBody(notFound(), "")));
    });
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head, ""));
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        server.unref(); // a forgotten simulator does not hold the process open
        resolve({ server, base: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` });
      });
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, prefix: string): void {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const id = path.startsWith(`${prefix}/channels/`) ? decodeURIComponent(path.slice(prefix.length + 10)) : "";
    const channel = id && !id.includes("/") ? this.store.find(id, this.core.now()) : null;
    if (!channel || this.closed) return this.refuse(socket, id);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws, channel));
  }

  /** 404 with the platform ErrorBody instead of the upgrade. */
  private refuse(socket: Duplex, id: string): void {
    this.stats.refused++;
    const body = JSON.stringify(errorBody(notFound(`The channel ${id || "(none)"} was not found.`), ""));
    socket.end(
      `HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  private connected(ws: WebSocket, channel: Channel): void {
    const previous = this.sockets.get(channel.id);
    if (previous) this.closeSocket(previous); // one WebSocket per channel: the new one wins
    const live: LiveSocket = { ws, channel, timers: [] };
    this.sockets.set(channel.id, live);
    channel.connected = true;
    this.store.touch(channel);
    this.stats.connections++;
    this.stats.open++;
    this.sent.baseline(this.core, channel, this.core.now());
    this.scheduleHeartbeat(live);
    const recycleSeconds = this.core.options.notificationSocketCloseSeconds;
    if (recycleSeconds > 0) live.timers.push(setTimeout(() => this.closeSocket(live), recycleSeconds * 1000));
    ws.on("message", (data, isBinary) => this.received(live, data.toString(), isBinary));
    ws.on("error", () => ws.terminate());
    ws.on("close", () => this.disconnected(live));
    this.ensureChecking();
  }

  /** A heartbeat every notificationHeartbeatMs (read each time: the knob may change). */
  private scheduleHeartbeat(live: LiveSocket): void {
    const timer = setTimeout(() => {
      live.timers = live.timers.filter((t) => t !== timer);
      if (live.ws.readyState !== live.ws.OPEN) return;
      live.ws.send(metadata("WebSocket Heartbeat"));
      this.stats.heartbeats++;
      this.scheduleHeartbeat(live);
    }, this.core.options.notificationHeartbeatMs);
    live.timers.push(timer);
  }

  private received(live: LiveSocket, text: string, isBinary: boolean): void {
    if (isBinary) return;
    try {
      const message = (JSON.parse(text) as { message?: unknown } | null)?.message;
      if (message === "ping") live.ws.send(metadata("pong"));
    } catch {
      // Not JSON: ignored, as anything else a client sends.
    }
  }

  private disconnected(live: LiveSocket): void {
    for (const t of live.timers) clearTimeout(t);
    live.timers = [];
    this.stats.open--;
    if (this.sockets.get(live.channel.id) === live) {
      this.sockets.delete(live.channel.id);
      live.channel.connected = false;
    }
    if (this.sockets.size === 0 && this.checkTimer) {
      clearInterval(this.checkTimer);
      this.checkTimer = null;
    }
  }

  /** `v2.system.socket_closing`, then close (1001 going away). */
  private closeSocket(live: LiveSocket): void {
    if (this.sockets.get(live.channel.id) === live) {
      this.sockets.delete(live.channel.id);
      live.channel.connected = false;
    }
    if (live.ws.readyState !== live.ws.OPEN) return;
    live.ws.send(SOCKET_CLOSING);
    live.ws.close(1001, "Socket closing");
    this.stats.closedByServer++;
  }

  /** Every open socket gets socket_closing and is closed; answers how many. */
  closeSockets(): number {
    const all = [...this.sockets.values()];
    for (const live of all) this.closeSocket(live);
    return all.length;
  }

  private onChannelRemoved(c: Channel): void {
    const live = this.sockets.get(c.id);
    if (live) this.closeSocket(live);
    this.sent.forget(c.id);
  }

  /** A channel's subscriptions changed: the new values are its baseline (nothing sent for them). */
  subscriptionsChanged(channel: Channel): void {
    if (this.sockets.has(channel.id)) this.sent.baseline(this.core, channel, this.core.now());
  }

  private ensureChecking(): void {
    if (this.checkTimer) return;
    this.checkTimer = setInterval(() => this.checkNow(), this.core.options.notificationCheckMs);
    this.checkTimer.unref();
  }

  /**
   * Expired channels closed and removed; then each connected channel's changed groups sent as
   * events. Runs every notificationCheckMs while a socket is open; tests may call it. Answers the
   * number of events sent.
   */
  checkNow(): number {
    const now = this.core.now();
    this.store.dropExpired(now);
    let sent = 0;
    for (const live of [...this.sockets.values()]) {
      if (live.ws.readyState !== live.ws.OPEN) continue;
      for (const frame of this.sent.changed(this.core, live.channel, now)) {
        live.ws.send(JSON.stringify(frame));
        sent++;
      }
    }
    this.stats.events += sent;
    return sent;
  }

  /** Closes every socket (socket_closing first), stops the timers and the embedded listener. */
  async close(): Promise<void> {
    this.closed = true;
    this.closeSockets();
    if (this.checkTimer) clearInterval(this.checkTimer);
    this.checkTimer = null;
    await Promise.all([...this.wss.clients].map((ws) => closedWithin(ws, CLOSE_GRACE_MS)));
    this.wss.close();
    if (this.attached) this.attached.server.off("upgrade", this.attached.listener);
    this.attached = null;
    const embedded = this.embedded ? await this.embedded.catch(() => null) : null;
    if (embedded) await closeServer(embedded.server);
  }
}

/** Resolves when `ws` has closed, cutting it after `ms`. */
function closedWithin(ws: WebSocket, ms: number): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), ms);
    ws.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
