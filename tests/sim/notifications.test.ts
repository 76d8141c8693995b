/**
 * The Notifications API: channels and subscriptions over HTTP, and the channel's WebSocket (real
 * `ws` clients against the embedded listener and the standalone server).
 */
import { afterEach, describe, expect, it } from "vitest";
import { SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET, startSimulatorServer, type Simulator } from "@/lib/sim";
import { evaluateTopics } from "@/lib/sim/notifications";
import type { TokenRecord } from "@/lib/sim/oauth";
import { DAY, NOW, api, clientToken, iso, testSim, userToken } from "./helpers";
import { connect, isClosing, isHeartbeat, isObservation, isPong, refusedStatus, sleep, type ChannelClient } from "./ws-client";

const CHANNELS = "/api/v2/notifications/channels";
const topic = (queueId: string) => `v2.analytics.queues.${queueId}.observations`;

const sims: Simulator[] = [];
const clients: ChannelClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function track(sim: Simulator): Simulator {
  sims.push(sim);
  return sim;
}
async function open(uri: string): Promise<ChannelClient> {
  const c = await connect(uri);
  clients.push(c);
  return c;
}

async function createChannel(sim: Simulator, token: string): Promise<{ connectUri: string; id: string; expires: string }> {
  const res = await api(sim, token, "POST", CHANNELS);
  expect(res.status, res.text).toBe(200);
  return res.json;
}

describe("channels", () => {
  it("creates a channel {connectUri, id, expires} reachable on the embedded listener; HEAD says whether it exists", async () => {
    const sim = track(testSim());
    const token = await clientToken(sim);
    const channel = await createChannel(sim, token);
    expect(Object.keys(channel)).toEqual(["connectUri", "id", "expires"]);
    expect(channel.connectUri).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/channels/${channel.id}$`));
    expect(channel.expires).toBe(iso(NOW + DAY));
    expect(await sim.notifications.listenerUrl()).toBe(channel.connectUri.replace(/\/channels\/.*$/, ""));
    expect((await api(sim, token, "HEAD", `${CHANNELS}/${channel.id}`)).status).toBe(200);
    const unknown = await api(sim, token, "HEAD", `${CHANNELS}/streaming-0-nope`);
    expect(unknown.status).toBe(404);
    expect((await api(sim, token, "GET", `${CHANNELS}/${channel.id}`)).status).toBe(404); // not an API route
    expect(sim.stats().webSockets.channelsCreated).toBe(1);
    expect(sim.stats().byRoute).toMatchObject({
      "POST /api/v2/notifications/channels": 1,
      "HEAD /api/v2/notifications/channels/{channelId}": 2,
    });
  });

  it("lists the token's channels, and with includechannels=oauthclient other tokens' ones without their id", async () => {
    const sim = track(testSim());
    const [a, b] = [await clientToken(sim), await clientToken(sim)];
    const mine = await createChannel(sim, a);
    await createChannel(sim, b);
    expect((await api(sim, a, "GET", CHANNELS)).json).toEqual({ entities: [mine] });
    const all = await api(sim, a, "GET", `${CHANNELS}?includechannels=oauthclient`);
    expect(all.json.entities).toEqual([mine, { expires: iso(NOW + DAY) }]);
    const bad = await api(sim, a, "GET", `${CHANNELS}?includechannels=everything`);
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe("invalid.value");
  });

  it("keeps at most 20 channels per client: the 21st removes the least recently used, unconnected ones first", async () => {
    const sim = track(testSim());
    const token = await clientToken(sim);
    const made = [];
    for (let i = 0; i < 20; i++) made.push(await createChannel(sim, token));
    await open(made[0]!.connectUri); // the oldest, but connected
    await api(sim, token, "HEAD", `${CHANNELS}/${made[1]!.id}`); // used: no longer the least recent
    await createChannel(sim, token);
    const exists = async (id: string) => (await api(sim, token, "HEAD", `${CHANNELS}/${id}`)).status;
    expect(await exists(made[0]!.id)).toBe(200);
    expect(await exists(made[1]!.id)).toBe(200);
    expect(await exists(made[2]!.id)).toBe(404);
    expect((await api(sim, token, "GET", CHANNELS)).json.entities).toHaveLength(20);
    // Another client's limit is its own; its channels are not found for this one.
    const other = await clientToken(sim, SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET);
    const theirs = await createChannel(sim, other);
    expect(await exists(made[3]!.id)).toBe(200);
    expect(await exists(theirs.id)).toBe(404);
  });

  it("expires a channel after its lifetime: HEAD 404, the upgrade refused, an open socket closed", async () => {
    let now = NOW;
    const sim = track(testSim({ now: () => now, notificationChannelLifetimeSeconds: 5 }));
    const token = await clientToken(sim);
    const [kept, idle] = [await createChannel(sim, token), await createChannel(sim, token)];
    expect(kept.expires).toBe(iso(NOW + 5000));
    const client = await open(kept.connectUri);
    now += 6000;
    sim.notifications.checkNow();
    await client.next(isClosing);
    await client.closed;
    expect(await refusedStatus(idle.connectUri)).toBe(404);
    expect((await api(sim, token, "HEAD", `${CHANNELS}/${idle.id}`)).status).toBe(404);
    expect(await refusedStatus(kept.connectUri.replace(/[^/]+$/, "streaming-0-unknown"))).toBe(404);
    expect(sim.stats().webSockets.refused).toBe(2);
  });
});

describe("subscriptions", () => {
  it("permits a visible queue's observations topic; rejects unknown queues, other topics, and queues outside the divisions", async () => {
    const sim = track(testSim());
    const token = await clientToken(sim, SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET);
    const home = sim.org.queues.find((q) => q.divisionName === "Home")!;
    const retail = sim.org.queues.find((q) => q.divisionName === "Retail")!;
    const { id } = await createChannel(sim, token);
    const topics = [topic(home.id), topic(retail.id), topic("00000000-0000-4000-8000-000000000000"), "v2.users.abc.presence"];
    const res = await api(
      sim,
      token,
      "PUT",
      `${CHANNELS}/${id}/subscriptions`,
      topics.map((t) => ({ id: t })),
    );
    expect(res.status, res.text).toBe(200);
    const [permitted, ...rejected] = res.json.entities;
    expect(permitted).toEqual({ id: topic(home.id), state: "Permitted" });
    for (const [i, r] of rejected.entries()) {
      expect(r).toMatchObject({ id: topics[i + 1], state: "Rejected" });
      expect(r.rejectionReason).toEqual(expect.any(String));
    }
    expect((await api(sim, token, "GET", `${CHANNELS}/${id}/subscriptions`)).json).toEqual({ entities: [permitted] });
    expect(sim.stats().webSockets.subscriptionCalls).toBe(1);
  });

  it("adds with POST, replaces with PUT, removes all with DELETE", async () => {
    const sim = track(testSim());
    const token = await clientToken(sim);
    const [q1, q2, q3] = sim.org.queues;
    const { id } = await createChannel(sim, token);
    const path = `${CHANNELS}/${id}/subscriptions`;
    await api(sim, token, "PUT", path, [{ id: topic(q1!.id) }]);
    const added = await api(sim, token, "POST", path, [{ id: topic(q2!.id) }]);
    expect(added.json.entities.map((e: { id: string }) => e.id)).toEqual([topic(q1!.id), topic(q2!.id)]);
    const replaced = await api(sim, token, "PUT", path, [{ id: topic(q3!.id) }]);
    expect(replaced.json.entities).toEqual([{ id: topic(q3!.id), state: "Permitted" }]);
    expect((await api(sim, token, "DELETE", path)).status).toBe(200);
    expect((await api(sim, token, "GET", path)).json).toEqual({ entities: [] });
    expect(sim.stats().webSockets.subscriptionCalls).toBe(3);
  });

  it("refuses malformed bodies and topic names (400), more than 1,000 topics (400 with the limit), unknown channels (404)", async () => {
    const sim = track(testSim({ queueCount: 1001 }));
    const token = await clientToken(sim);
    const { id } = await createChannel(sim, token);
    const path = `${CHANNELS}/${id}/subscriptions`;
    expect((await api(sim, token, "PUT", path, { id: topic(sim.org.queues[0]!.id) })).status).toBe(400);
    const malformed = await api(sim, token, "PUT", path, [{ id: "v2..observations" }]);
    expect(malformed.status).toBe(400);
    expect(malformed.json.details[0].fieldName).toBe("[0].id");
    const topics = sim.org.queues.map((q) => ({ id: topic(q.id) }));
    expect((await api(sim, token, "PUT", path, topics.slice(0, 1000))).status).toBe(200);
    const over = await api(sim, token, "POST", path, topics.slice(1000));
    expect(over.status).toBe(400);
    expect(over.json.limit).toEqual({ key: "channel.topics.max", namespace: "notifications", value: 1000 });
    expect((await api(sim, token, "PUT", path, topics)).status).toBe(400);
    expect((await api(sim, token, "GET", path)).json.entities).toHaveLength(1000); // nothing changed
    const missing = await api(sim, token, "PUT", `${CHANNELS}/streaming-0-nope/subscriptions`, []);
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: "not.found", status: 404 });
  });

  it("rejects every topic while the rejectSubscriptions knob is on", async () => {
    const sim = track(testSim());
    const token = await clientToken(sim);
    const { id } = await createChannel(sim, token);
    sim.faults.set({ rejectSubscriptions: true });
    const res = await api(sim, token, "PUT", `${CHANNELS}/${id}/subscriptions`, [{ id: topic(sim.org.queues[0]!.id) }]);
    expect(res.json.entities[0]).toMatchObject({ state: "Rejected", rejectionReason: expect.stringMatching(/rejectSubscriptions/) });
    sim.faults.clear();
    const again = await api(sim, token, "PUT", `${CHANNELS}/${id}/subscriptions`, [{ id: topic(sim.org.queues[0]!.id) }]);
    expect(again.json.entities[0].state).toBe("Permitted");
  });

  it("rejects the topic with missingPermissions for a token without analytics:queueObservation:view", () => {
    const sim = track(testSim());
    const token: TokenRecord = {
      token: "t",
      clientId: "c",
      grant: "client_credentials",
      userIndex: -1,
      divisionIds: null,
      permissions: new Set(["routing:queue:view"]),
      scope: [],
      issuedAt: NOW,
      expiresAt: NOW + DAY,
      lastUsedAt: NOW,
      revoked: false,
    };
    const { answers, permitted } = evaluateTopics([{ id: topic(sim.org.queues[0]!.id) }], new Map(), {
      org: sim.org,
      token,
      reject: false,
    });
    expect(answers[0]).toMatchObject({ state: "Rejected", missingPermissions: ["analytics:queueObservation:view"] });
    expect(permitted.size).toBe(0);
  });

  it("lets user tokens subscribe within their user's divisions", async () => {
    const sim = track(testSim());
    const token = await userToken(sim, "agent");
    const retail = sim.org.queues.find((q) => q.divisionName === "Retail")!;
    const { id } = await createChannel(sim, token);
    const res = await api(sim, token, "PUT", `${CHANNELS}/${id}/subscriptions`, [{ id: topic(retail.id) }]);
    expect(res.json.entities[0].state).toBe("Rejected");
  });
});

describe("the channel's WebSocket", () => {
  it("sends heartbeats, answers ping with pong, and sends nothing on connect", async () => {
    const sim = track(testSim({ notificationHeartbeatMs: 100 }));
    const token = await clientToken(sim);
    const channel = await createChannel(sim, token);
    await api(sim, token, "PUT", `${CHANNELS}/${channel.id}/subscriptions`, [{ id: topic(sim.org.queues[0]!.id) }]);
    const client = await open(channel.connectUri);
    const beat = await client.next(isHeartbeat);
    expect(beat).toEqual({ topicName: "channel.metadata", version: "2", eventBody: { message: "WebSocket Heartbeat" } });
    client.ws.send(JSON.stringify({ message: "ping" }));
    expect(await client.next(isPong)).toEqual({ topicName: "channel.metadata", version: "2", eventBody: { message: "pong" } });
    expect(sim.notifications.checkNow()).toBe(0); // the clock has not moved: nothing changed
    expect(client.frames.filter(isObservation)).toEqual([]);
    expect(sim.stats().webSockets).toMatchObject({ connections: 1, open: 1 });
  });

  it("closes every socket on demand (closeSockets, the fault, the admin endpoint) with socket_closing first", async () => {
    const sim = track(testSim({ admin: true }));
    const token = await clientToken(sim);
    const channel = await createChannel(sim, token);
    const first = await open(channel.connectUri);
    expect(sim.notifications.closeSockets()).toBe(1);
    expect(await first.next(() => true)).toEqual({
      topicName: "v2.system.socket_closing",
      version: "2",
      eventBody: { message: "Socket closing" },
    });
    expect(await first.closed).toBe(1001);
    const second = await open(channel.connectUri); // the channel lives on: reconnect
    sim.faults.set({ closeSockets: true });
    await second.next(isClosing);
    await second.closed;
    const third = await open(channel.connectUri);
    const res = await sim.fetch(
      new Request("http://sim.test/__sim/faults", { method: "POST", body: JSON.stringify({ closeSockets: true }) }),
    );
    expect(res.status).toBe(200);
    await third.next(isClosing);
    await third.closed;
    expect(sim.stats().webSockets).toMatchObject({ connections: 3, closedByServer: 3 });
  });

  it("closes sockets periodically with notificationSocketCloseSeconds", async () => {
    const sim = track(testSim({ notificationSocketCloseSeconds: 1 }));
    const channel = await createChannel(sim, await clientToken(sim));
    const client = await open(channel.connectUri);
    await client.next(isClosing, 3000);
    await client.closed;
  });

  it("drops the first socket when a second connects to the same channel", async () => {
    const sim = track(testSim({ notificationHeartbeatMs: 100 }));
    const channel = await createChannel(sim, await clientToken(sim));
    const first = await open(channel.connectUri);
    const second = await open(channel.connectUri);
    await first.next(isClosing);
    await first.closed;
    await second.next(isHeartbeat);
    expect(sim.stats().webSockets).toMatchObject({ connections: 2, open: 1 });
  });

  it("serves the upgrade on the standalone server's own port, under its basePath", async () => {
    const server = await startSimulatorServer({ now: () => NOW, basePath: "/sim", notificationHeartbeatMs: 100 });
    try {
      const token = await clientTokenOver(server.url);
      const res = await fetch(`${server.url}${CHANNELS}`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
      const channel = (await res.json()) as { connectUri: string; id: string };
      expect(channel.connectUri).toBe(`${server.url.replace(/^http/, "ws")}/channels/${channel.id}`);
      const client = await open(channel.connectUri);
      await client.next(isHeartbeat);
      expect(await server.sim.notifications.listenerUrl()).toBeNull(); // no second listener
      expect(await refusedStatus(channel.connectUri.replace("/sim/", "/"))).toBe(404);
    } finally {
      await server.close();
    }
  });
});

async function clientTokenOver(url: string): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from("sim-reporting-client:sim-reporting-secret").toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe("observation events", () => {
  const METRICS = [
    "oWaiting",
    "oInteracting",
    "oAlerting",
    "oLongestWaiting",
    "oMemberUsers",
    "oOnQueueUsers",
    "oOffQueueUsers",
    "oUserRoutingStatuses",
  ];

  it("sends a group's values when they change, equal to the observations query's at that moment", async () => {
    let now = NOW;
    const sim = track(testSim({ now: () => now, notificationCheckMs: 60_000 }));
    const token = await clientToken(sim);
    const queue = sim.org.queues.find((q) => q.mediaTypes.includes("voice"))!;
    const channel = await createChannel(sim, token);
    await api(sim, token, "PUT", `${CHANNELS}/${channel.id}/subscriptions`, [{ id: topic(queue.id) }]);
    const client = await open(channel.connectUri);
    sim.faults.set({ surge: { queueId: queue.id, factor: 6, minutes: 60 } });
    let sent = 0;
    for (let i = 0; i < 40 && sent === 0; i++) {
      now += 15_000;
      sent = sim.notifications.checkNow();
    }
    expect(sent).toBeGreaterThan(0);
    const frames = [];
    for (let i = 0; i < sent; i++) frames.push(await client.next(isObservation));
    expect(sim.notifications.checkNow()).toBe(0); // nothing changed since

    const query = await api(sim, token, "POST", "/api/v2/analytics/queues/observations/query", {
      filter: { type: "or", predicates: [{ dimension: "queueId", value: queue.id }] },
      metrics: METRICS,
    });
    for (const frame of frames) {
      expect(frame).toMatchObject({ topicName: topic(queue.id), version: "2", metadata: { CorrelationId: expect.any(String) } });
      const { group, data } = frame.eventBody;
      expect(data).toHaveLength(1);
      expect(data[0].interval).toBe(`${iso(Math.floor(now / 1000) * 1000)}/${iso(Math.floor(now / 1000) * 1000 + 1000)}`);
      const answered = query.json.results.find((r: { group: object }) => JSON.stringify(r.group) === JSON.stringify(group));
      expect(answered, JSON.stringify(group)).toBeDefined();
      for (const m of data[0].metrics) {
        const same = answered.data.find(
          (d: { metric: string; qualifier?: string }) => d.metric === m.metric && d.qualifier === m.qualifier,
        );
        if (m.stats.count === 0 && group.mediaType === undefined)
          expect(same).toBeUndefined(); // the query leaves zero user counts out
        else expect(same?.stats, `${m.metric} ${m.qualifier ?? ""}`).toEqual(m.stats);
      }
      // Every metric of the group is listed (oLongestWaiting only while someone waits).
      const listed = new Set(data[0].metrics.map((m: { metric: string }) => m.metric));
      const expected = group.mediaType
        ? ["oWaiting", "oInteracting", "oAlerting"]
        : ["oMemberUsers", "oOnQueueUsers", "oOffQueueUsers", "oUserRoutingStatuses"];
      for (const metric of expected) expect(listed.has(metric)).toBe(true);
    }
    expect(sim.stats().webSockets.events).toBe(sent);
  });

  it("sends no events for what happened while disconnected (no replay)", async () => {
    let now = NOW;
    const sim = track(testSim({ now: () => now, notificationCheckMs: 60_000 }));
    const token = await clientToken(sim);
    const queue = sim.org.queues[0]!;
    const channel = await createChannel(sim, token);
    await api(sim, token, "PUT", `${CHANNELS}/${channel.id}/subscriptions`, [{ id: topic(queue.id) }]);
    now += 10 * 60_000;
    const client = await open(channel.connectUri);
    expect(sim.notifications.checkNow()).toBe(0);
    await sleep(50);
    expect(client.frames.filter(isObservation)).toEqual([]);
  });
});
