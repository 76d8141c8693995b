import { afterEach, describe, expect, it } from "vitest";
import { liveSnapshotSchema } from "@/lib/model/live-snapshot";
import { freshApp, get } from "./helpers";

let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";

async function routes() {
  return {
    queues: (await import("@/app/api/live/queues/route")).GET,
    stream: (await import("@/app/api/live/stream/route")).GET,
  };
}

/** Reads the stream until `count` snapshot events have arrived: the raw text before them, and the events. */
async function snapshotEvents(body: ReadableStream<Uint8Array>, count: number): Promise<{ raw: string; events: unknown[] }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let raw = "";
  const events: unknown[] = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    raw += decoder.decode(value, { stream: true });
    events.splice(0, events.length, ...raw.split("\n\n").flatMap(parseSnapshotEvent));
  }
  await reader.cancel();
  return { raw, events };
}

function parseSnapshotEvent(block: string): unknown[] {
  const data = block.split("\n").find((line) => line.startsWith("data: "));
  return block.startsWith("event: snapshot") && data ? [JSON.parse(data.slice(6))] : [];
}

describe("GET /api/live/queues", () => {
  it("answers a LiveSnapshot of every queue, and 50 viewers at once cost one observations query", async () => {
    app = await freshApp({ LIVE_POLL_SECONDS: "30" });
    const { queues } = await routes();
    const answers = await Promise.all(Array.from({ length: 50 }, () => queues(get("/api/live/queues"))));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const snapshot = liveSnapshotSchema.parse(await answers[0]!.json());
    expect(snapshot.queues.length).toBeGreaterThan(3);
    expect(snapshot.source).toMatchObject({ mode: "simulator", grant: "client_credentials", via: "poll" });
    expect(snapshot.stale).toBe(false);
    // The simulator's org is staffed at noon: agents are on queue somewhere.
    expect(snapshot.totals.agents.onQueue).toBeGreaterThan(0);
    expect(snapshot.totals.waiting).toBe(snapshot.queues.reduce((n, q) => n + q.waiting, 0));
    expect(app.simulator.stats().byRoute[OBSERVATIONS]).toBe(1);
    // Within the period, more viewers read the stored state.
    await queues(get("/api/live/queues"));
    expect(app.simulator.stats().byRoute[OBSERVATIONS]).toBe(1);
  });

  it("answers one media type and chosen queues", async () => {
    app = await freshApp();
    const { queues } = await routes();
    const all = liveSnapshotSchema.parse(await (await queues(get("/api/live/queues"))).json());
    const [first, second] = all.queues;
    const some = liveSnapshotSchema.parse(
      await (await queues(get(`/api/live/queues?queueId=${first!.queueId},${second!.queueId}&mediaType=voice`))).json(),
    );
    expect(some.queues.map((q) => q.queueId)).toEqual([first!.queueId, second!.queueId]);
    expect(some.queues.every((q) => q.byMedia.every((m) => m.mediaType === "voice"))).toBe(true);
  });

  it.each([
    ["mediaType=pigeon", "mediaType", /mediaType must be one of/],
    ["queueId=a%20b", "queueId", /comma-separated list of queue ids/],
    ["queueId=(201 ids)", "queueId", /at most 200/],
    ["view=today", "view", /unknown parameter view/],
    ["mediaType=voice&mediaType=chat", "mediaType", /once/],
  ])("answers 400 naming the field for %s, and never reaches Genesys", async (query, field, message) => {
    app = await freshApp();
    const { queues } = await routes();
    const ids = Array.from({ length: 201 }, (_, i) => `q${i}`).join(",");
    const response = await queues(get(`/api/live/queues?${query.replace("(201 ids)", ids)}`));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: "bad_request", field });
    expect(error.message).toMatch(message);
    expect(app.simulator.stats().apiRequests).toBe(0);
  });
});

describe("GET /api/health", () => {
  it("says how queues are observed and when they last were", async () => {
    app = await freshApp({ LIVE_SOURCE: "poll" });
    const { queues } = await routes();
    const health = (await import("@/app/api/health/route")).GET;
    expect((await (await health(get("/api/health"))).json()).live).toMatchObject({ source: "poll", observedAt: null, stale: true });
    await queues(get("/api/live/queues"));
    const live = (await (await health(get("/api/health"))).json()).live;
    expect(live).toMatchObject({ source: "poll", stale: false });
    expect(Date.parse(live.observedAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("GET /api/live/stream", () => {
  it("sends the snapshot at once as an SSE event, with a retry hint", async () => {
    app = await freshApp();
    const { stream } = await routes();
    const response = await stream(get("/api/live/stream?mediaType=voice"));
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { raw, events } = await snapshotEvents(response.body!, 1);
    expect(raw).toMatch(/^retry: \d+\n\n/);
    const snapshot = liveSnapshotSchema.parse(events[0]);
    expect(snapshot.queues.length).toBeGreaterThan(0);
    expect(snapshot.queues.every((q) => q.byMedia.every((m) => m.mediaType === "voice"))).toBe(true);
  });
});
