/** A real WebSocket client (`ws`) for the simulator's notification channels, collecting frames. */
import WebSocket from "ws";

// Frames are whatever the simulator sent: each test reads the fields it checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = any;

export type ChannelClient = {
  ws: WebSocket;
  frames: Frame[];
  /** The first frame (from the start) matching `match` and not yet taken; rejects after `timeoutMs`. */
  next(match: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Resolves with the close code once the server (or anyone) closed the socket. */
  closed: Promise<number>;
  close(): Promise<void>;
};

export async function connect(uri: string): Promise<ChannelClient> {
  const ws = new WebSocket(uri);
  const frames: Frame[] = [];
  const taken = new Set<number>();
  const listeners = new Set<() => void>();
  ws.on("message", (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const l of [...listeners]) l();
  });
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });

  const next = (match: (f: Frame) => boolean, timeoutMs = 5000) =>
    new Promise<Frame>((resolve, reject) => {
      const look = () => {
        const i = frames.findIndex((f, k) => !taken.has(k) && match(f));
        if (i < 0) return false;
        taken.add(i);
        listeners.delete(check);
        clearTimeout(timer);
        resolve(frames[i]);
        return true;
      };
      const check = () => void look();
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames).slice(0, 500)}`));
      }, timeoutMs);
      if (!look()) listeners.add(check);
    });

  const close = async () => {
    if (ws.readyState === ws.CLOSED) return;
    ws.close();
    await closed;
  };
  return { ws, frames, next, closed, close };
}

/** The HTTP status the server refused the upgrade with (rejects if it was accepted). */
export function refusedStatus(uri: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(uri);
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("open", () => {
      ws.terminate();
      reject(new Error("the upgrade was accepted"));
    });
    ws.once("error", () => undefined);
  });
}

export const isHeartbeat = (f: Frame) => f.topicName === "channel.metadata" && f.eventBody?.message === "WebSocket Heartbeat";
export const isPong = (f: Frame) => f.topicName === "channel.metadata" && f.eventBody?.message === "pong";
export const isClosing = (f: Frame) => f.topicName === "v2.system.socket_closing";
export const isObservation = (f: Frame) => /^v2\.analytics\.queues\..+\.observations$/.test(f.topicName);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
