/**
 * Bounded input: request body limits (413 from Content-Length, and while streaming), capped
 * filter arrays and predicates (400 naming the field), hard caps on tokens and authorization codes,
 * and bounded fault knobs.
 */
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { FILTER_PREDICATES_MAX, errorBody } from "@/lib/genesys/schemas";
import {
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_PKCE_CLIENT_ID,
  createSimulator,
  simulatorOptionsFromEnv,
  startSimulatorServer,
} from "@/lib/sim";
import { CODE_LIFETIME_MS, LAPSED_RETENTION_MS, OAuthServer } from "@/lib/sim/oauth";
import { resolveOptions } from "@/lib/sim/options";
import { buildOrg } from "@/lib/sim/org";
import { BASE, DAY, NOW, REDIRECT, api, authorize, basic, clientToken, interval, pkcePair, testSim } from "./helpers";

const AGGREGATES = "/api/v2/analytics/conversations/aggregates/query";
const DETAILS = "/api/v2/analytics/conversations/details/query";
const JOBS = "/api/v2/analytics/conversations/details/jobs";
const OBSERVATIONS = "/api/v2/analytics/queues/observations/query";
const KIB = 1024;

/** A request body that never ends, counting what was pulled from it. */
function endless(chunkBytes = 16 * KIB, byte = 0x20) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(byte));
    },
  });
  return { stream, pulled: () => pulled };
}

function post(path: string, body: BodyInit, headers: Record<string, string>): Request {
  return new Request(`${BASE}${path}`, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

async function errorOf(res: Response) {
  return errorBody.parse(await res.json());
}

const dayInterval = interval(NOW - DAY, NOW);
const queuePredicates = (n: number) => Array.from({ length: n }, (_, i) => ({ dimension: "queueId", value: `queue-${i}` }));

describe("request body limits", () => {
  it("/api/v2: a body that never ends is refused 413 once 512,000 bytes are passed, without reading on", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const body = endless();
    const res = await sim.fetch(post(AGGREGATES, body.stream, { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }));
    expect(res.status).toBe(413);
    const e = await errorOf(res);
    expect(e).toMatchObject({
      status: 413,
      code: "request.entity.too.large",
      limit: { key: "request.bytes.max", namespace: "platform.api", value: 512_000 },
    });
    expect(res.headers.get("ININ-Correlation-Id")).toBe(e.contextId);
    // The limit plus at most a chunk or two of read-ahead: nowhere near "all of it".
    expect(body.pulled()).toBeGreaterThan(512_000);
    expect(body.pulled()).toBeLessThan(512_000 + 4 * 16 * KIB);
  });

  it("/api/v2: a declared Content-Length of 2 MB is refused 413 before a byte is read", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const body = endless();
    const res = await sim.fetch(
      post(AGGREGATES, body.stream, {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        "Content-Length": String(2 * 1024 * KIB),
      }),
    );
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toMatch(/2097152 bytes; at most 512000/);
    expect(body.pulled()).toBeLessThanOrEqual(16 * KIB); // at most the stream's own first pull
  });

  it("/api/v2: a 2 MB JSON body (no Content-Length) is 413; the same query small is answered", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const query = { interval: dayInterval, metrics: ["nOffered"], groupBy: ["queueId"] };
    const padded = JSON.stringify(query).replace(/}$/, `${" ".repeat(2 * 1024 * KIB)}}`);
    const big = await sim.fetch(post(AGGREGATES, padded, { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }));
    expect(big.status).toBe(413);
    expect((await api(sim, token, "POST", AGGREGATES, query)).status).toBe(200);
  });

  it("/oauth/token: a 100 KB form is 413 (the limit is 64 KiB); a normal one still gets a token", async () => {
    const sim = testSim();
    const form = `grant_type=client_credentials&padding=${"x".repeat(100 * 1000)}`;
    const res = await sim.fetch(
      post("/oauth/token", form, {
        Authorization: basic(SIM_CLIENT_ID, SIM_CLIENT_SECRET),
        "Content-Type": "application/x-www-form-urlencoded",
      }),
    );
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({ status: 413, code: "request.entity.too.large", messageParams: { limit: "65536" } });
    expect(await clientToken(sim)).toBeTruthy();
    // Declared too large: refused before the body is read.
    const body = endless(4 * KIB, 0x61);
    const declared = await sim.fetch(
      post("/oauth/token", body.stream, { Authorization: basic(SIM_CLIENT_ID, SIM_CLIENT_SECRET), "Content-Length": "100000" }),
    );
    expect(declared.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(4 * KIB);
  });

  it("POST /oauth/authorize and the admin endpoints have the 64 KiB limit too; the mount's basePath is no way around it", async () => {
    const sim = testSim({ admin: true, basePath: "/sim" });
    const form = new URLSearchParams({
      client_id: SIM_PKCE_CLIENT_ID,
      redirect_uri: REDIRECT,
      response_type: "code",
      user: "supervisor",
      x: "y".repeat(70 * KIB),
    });
    const signIn = await sim.fetch(post("/sim/oauth/authorize", form.toString(), { "Content-Type": "application/x-www-form-urlencoded" }));
    expect(signIn.status).toBe(413);
    const admin = await sim.fetch(
      post("/sim/__sim/faults", JSON.stringify({ latencyMs: 0, pad: "z".repeat(70 * KIB) }), { "Content-Type": "application/json" }),
    );
    expect(admin.status).toBe(413);
    expect(sim.options.latencyMs).toBe(0);
  });

  it("the standalone server (npm run sim) answers 413 to an endless chunked upload and to a declared 2 MB body", async () => {
    const server = await startSimulatorServer({ port: 0, now: () => NOW });
    try {
      const token = await clientToken(server.sim);
      const url = new URL(`${server.url}${AGGREGATES}`);
      const send = (headers: Record<string, string>, endlessBody: boolean) =>
        new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
          let sent = 0;
          let done = false;
          const req = httpRequest(
            url,
            { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers } },
            (res) => {
              let body = "";
              res.setEncoding("utf8");
              res.on("data", (chunk: string) => (body += chunk));
              res.on("end", () => {
                done = true;
                resolve({ status: res.statusCode ?? 0, body, sent });
                req.destroy();
              });
            },
          );
          req.on("error", (err) => (done ? undefined : reject(err)));
          const chunk = Buffer.alloc(16 * KIB, 0x20);
          const pump = () => {
            if (done || req.destroyed) return;
            if (!endlessBody && sent > 0) return;
            sent += chunk.length;
            if (req.write(chunk)) setImmediate(pump);
            else req.once("drain", pump);
          };
          pump();
        });
      const chunked = await send({ "Transfer-Encoding": "chunked" }, true);
      expect(chunked.status).toBe(413);
      expect(JSON.parse(chunked.body)).toMatchObject({ code: "request.entity.too.large", status: 413 });
      const declared = await send({ "Content-Length": String(2 * 1024 * KIB) }, false);
      expect(declared.status).toBe(413);
      expect(declared.sent).toBe(16 * KIB);
    } finally {
      await server.close();
    }
  });
});

describe("filter and array caps", () => {
  it("thousands of predicates: 400 naming the field, answered fast (before any conversation is scanned)", async () => {
    const sim = testSim({ rateLimitPerMinute: 0 });
    const token = await clientToken(sim);
    const t = performance.now();
    const res = await api(sim, token, "POST", AGGREGATES, {
      interval: interval(NOW - 7 * DAY, NOW),
      metrics: ["nOffered"],
      filter: { type: "or", predicates: queuePredicates(5000) },
    });
    expect(performance.now() - t).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(errorBody.parse(res.json)).toMatchObject({ code: "bad.request", details: [{ fieldName: "filter.predicates" }] });
    expect(res.json.message).toMatch(/5000 items; at most 500/);

    const cases: [string, unknown, string][] = [
      [
        AGGREGATES,
        {
          interval: dayInterval,
          metrics: ["nOffered"],
          filter: { type: "and", clauses: Array.from({ length: 51 }, () => ({ type: "or", predicates: [] })) },
        },
        "filter.clauses",
      ],
      [
        AGGREGATES,
        {
          interval: dayInterval,
          metrics: ["nOffered"],
          filter: { type: "and", clauses: [{ type: "or", predicates: queuePredicates(501) }] },
        },
        "filter.clauses[0].predicates",
      ],
      [AGGREGATES, { interval: dayInterval, metrics: ["nOffered"], groupBy: Array.from({ length: 21 }, () => "queueId") }, "groupBy"],
      [AGGREGATES, { interval: dayInterval, metrics: Array.from({ length: 101 }, () => "nOffered") }, "metrics"],
      [
        DETAILS,
        { interval: dayInterval, segmentFilters: Array.from({ length: 51 }, () => ({ type: "or", predicates: [] })) },
        "segmentFilters",
      ],
      [
        DETAILS,
        {
          interval: dayInterval,
          conversationFilters: [
            { type: "or", predicates: Array.from({ length: 600 }, (_, i) => ({ dimension: "conversationId", value: `c${i}` })) },
          ],
        },
        "conversationFilters[0].predicates",
      ],
      [
        JOBS,
        { interval: dayInterval, segmentFilters: [{ type: "or", clauses: [{ type: "or", predicates: queuePredicates(2000) }] }] },
        "segmentFilters[0].clauses[0].predicates",
      ],
      [OBSERVATIONS, { filter: { type: "or", predicates: queuePredicates(3000) }, metrics: ["oWaiting"] }, "filter.predicates"],
      [
        OBSERVATIONS,
        { filter: { type: "or", predicates: queuePredicates(1) }, metrics: Array.from({ length: 101 }, () => "oWaiting") },
        "metrics",
      ],
    ];
    for (const [path, body, field] of cases) {
      const r = await api(sim, token, "POST", path, body);
      expect(r.status, `${path} ${field}`).toBe(400);
      expect(r.json.details[0].fieldName, path).toBe(field);
    }
  });

  it("at most 1,000 predicates in all per filter field, however they are spread over filters and clauses", async () => {
    const sim = testSim({ rateLimitPerMinute: 0 });
    const token = await clientToken(sim);
    const filter = { type: "or", predicates: queuePredicates(400) };
    const three = await api(sim, token, "POST", DETAILS, { interval: dayInterval, segmentFilters: [filter, filter, filter] });
    expect(three.status).toBe(400);
    expect(three.json.details[0].fieldName).toBe("segmentFilters");
    expect(three.json.message).toMatch(/1200 predicates in all; at most 1000/);
    const clauses = { type: "and", clauses: Array.from({ length: 3 }, () => ({ type: "or", predicates: queuePredicates(400) })) };
    const agg = await api(sim, token, "POST", AGGREGATES, { interval: dayInterval, metrics: ["nOffered"], filter: clauses });
    expect(agg.status).toBe(400);
    expect(agg.json.details[0].fieldName).toBe("filter");
    expect((await api(sim, token, "POST", DETAILS, { interval: dayInterval, segmentFilters: [filter, filter] })).status).toBe(200);
  });

  it("a long or-list of queues (the cap's worth) answers exactly what the queues alone answer", async () => {
    const sim = testSim({ rateLimitPerMinute: 0 });
    const token = await clientToken(sim);
    const real = sim.org.queues.slice(0, 3).map((q) => ({ dimension: "queueId", value: q.id }));
    const query = (predicates: unknown[]) => ({
      interval: dayInterval,
      granularity: "PT1H",
      groupBy: ["queueId"],
      metrics: ["nOffered", "tAnswered"],
      filter: { type: "or", predicates },
    });
    const few = await api(sim, token, "POST", AGGREGATES, query(real));
    const many = await api(
      sim,
      token,
      "POST",
      AGGREGATES,
      query([...queuePredicates(FILTER_PREDICATES_MAX - real.length - 1), ...real, { dimension: "mediaType", value: "voice" }]),
    );
    const voiceOrFew = await api(sim, token, "POST", AGGREGATES, query([...real, { dimension: "mediaType", value: "voice" }]));
    expect(few.status).toBe(200);
    expect(many.status).toBe(200);
    expect(many.text).toBe(voiceOrFew.text);
    expect(few.json.results.length).toBe(3);
  });
});

describe("tokens and authorization codes are capped", () => {
  const org = buildOrg(42, 14);
  const form = "grant_type=client_credentials";
  const auth = basic(SIM_CLIENT_ID, SIM_CLIENT_SECRET);
  const issue = (server: OAuthServer) => server.token(auth, form).access_token as string;

  it("a flood of token requests: memory stays at the cap (50,000 by default), and a recent token still works", () => {
    let now = NOW;
    const server = new OAuthServer(org, resolveOptions({}), () => now);
    const first = issue(server);
    let last = first;
    const t = performance.now();
    for (let i = 0; i < 60_000; i++) {
      last = issue(server);
      now += 1;
    }
    // Amortised eviction: no full sweep per request once full.
    expect(performance.now() - t).toBeLessThan(15_000);
    expect(server.storeSizes().tokens).toBeLessThanOrEqual(50_000);
    expect(server.check(`Bearer ${last}`).ok).toBe(true);
    expect(server.check(`Bearer ${first}`)).toEqual({ ok: false, code: "bad.credentials" });
  });

  it("over HTTP, with a small cap: the oldest go, the newest work", async () => {
    const sim = testSim({ tokenStoreMax: 100, rateLimitPerMinute: 0 });
    const tokens: string[] = [];
    for (let i = 0; i < 400; i++) tokens.push(await clientToken(sim));
    expect((await api(sim, tokens.at(-1)!, "GET", "/api/v2/tokens/me")).status).toBe(200);
    expect((await api(sim, tokens.at(-50)!, "GET", "/api/v2/tokens/me")).status).toBe(200);
    const evicted = await api(sim, tokens[0]!, "GET", "/api/v2/tokens/me");
    expect(evicted.status).toBe(401);
    expect(evicted.json.code).toBe("bad.credentials");
  });

  it("expired and revoked tokens are evicted before any live one; long-expired ones go on every insert, below the cap too", () => {
    let now = NOW;
    const options = resolveOptions({ tokenStoreMax: 100, tokenLifetimeSeconds: 3600 });
    const server = new OAuthServer(org, options, () => now);
    const keep = Array.from({ length: 40 }, () => issue(server));
    options.tokenLifetimeSeconds = 60;
    const short = Array.from({ length: 50 }, () => issue(server));
    const revoked = Array.from({ length: 10 }, () => issue(server));
    for (const t of revoked) {
      const check = server.check(`Bearer ${t}`);
      if (check.ok) server.revoke(check.token);
    }
    // Just expired: still recognised as expired (not "unknown") while nothing needs the room.
    now += 61_000;
    expect(server.check(`Bearer ${short[0]}`)).toEqual({ ok: false, code: "credentials.expired" });
    const fresh = Array.from({ length: 60 }, () => issue(server));
    expect(server.storeSizes().tokens).toBe(100);
    // The 60 dead made the room: the older live tokens all survive.
    for (const t of [...keep, ...fresh]) expect(server.check(`Bearer ${t}`).ok).toBe(true);
    // Full of live tokens: now the oldest go.
    issue(server);
    expect(server.check(`Bearer ${keep[0]}`)).toEqual({ ok: false, code: "bad.credentials" });
    expect(server.check(`Bearer ${fresh.at(-1)}`).ok).toBe(true);

    // Below the cap: past the retention, each insert drops lapsed tokens from the head.
    const quiet = new OAuthServer(org, resolveOptions({ tokenStoreMax: 1000, tokenLifetimeSeconds: 60 }), () => now);
    for (let i = 0; i < 10; i++) issue(quiet);
    now += 60_000 + LAPSED_RETENTION_MS;
    for (let i = 0; i < 3; i++) issue(quiet);
    expect(quiet.storeSizes().tokens).toBe(3);
  });

  it("codes: at most codeStoreMax; used and expired ones go first, then the oldest; the latest code still signs in", async () => {
    let now = NOW;
    const sim = createSimulator({ now: () => now, codeStoreMax: 20 });
    const { verifier, challenge } = pkcePair();
    const code = async () => (await authorize(sim, "agent", challenge)).get("code")!;
    const exchange = (c: string) =>
      sim.fetch(
        post(
          "/oauth/token",
          new URLSearchParams({
            grant_type: "authorization_code",
            code: c,
            code_verifier: verifier,
            client_id: SIM_PKCE_CLIENT_ID,
            redirect_uri: REDIRECT,
          }).toString(),
          {
            "Content-Type": "application/x-www-form-urlencoded",
          },
        ),
      );
    const older: string[] = [];
    for (let i = 0; i < 10; i++) older.push(await code());
    for (let i = 0; i < 10; i++) expect((await exchange(await code())).status).toBe(200); // 10 used codes
    for (let i = 0; i < 5; i++) await code(); // full: the used ones make the room
    expect((await exchange(older[0]!)).status).toBe(200);

    const first = await code();
    for (let i = 0; i < 100; i++) await code();
    const last = await code();
    expect((await exchange(last)).status).toBe(200);
    const gone = await exchange(first);
    expect(gone.status).toBe(400);
    expect(await gone.json()).toMatchObject({ error: "invalid_grant", description: "authorization code is invalid" });

    // Expired codes, too, go before live ones.
    now += CODE_LIFETIME_MS + 1;
    const live: string[] = [];
    for (let i = 0; i < 20; i++) live.push(await code());
    expect((await exchange(live[0]!)).status).toBe(200);
  });
});

describe("per-path statistics", () => {
  it("random paths cannot grow the route counters without bound", async () => {
    const sim = testSim();
    for (let i = 0; i < 700; i++) await sim.fetch(new Request(`${BASE}/random/${i}`));
    const byRoute = sim.stats().byRoute;
    expect(Object.keys(byRoute).length).toBeLessThanOrEqual(501);
    expect(Object.values(byRoute).reduce((a, b) => a + b, 0)).toBe(700);
  });
});

describe("fault knobs are bounded", () => {
  it("in options, faults.set and the environment", () => {
    for (const [field, value] of [
      ["latencyMs", 60_001],
      ["jobDelayMs", 600_001],
      ["tokenLifetimeSeconds", 172_801],
      ["tokenLifetimeSeconds", 0],
      ["rateLimitPerMinute", 100_001],
      ["errorRate", 1.5],
      ["errorRate", -0.1],
    ] as const) {
      expect(() => createSimulator({ [field]: value }), field).toThrow(new RegExp(field));
      expect(() => testSim().faults.set({ [field]: value }), field).toThrow(new RegExp(field));
    }
    const sim = testSim();
    sim.faults.set({ latencyMs: 60_000, jobDelayMs: 600_000, tokenLifetimeSeconds: 1, rateLimitPerMinute: 100_000, errorRate: 1 });
    sim.faults.set({ tokenLifetimeSeconds: 172_800, errorRate: 0, latencyMs: 0 });
    expect(sim.options.tokenLifetimeSeconds).toBe(172_800);
    expect(() => simulatorOptionsFromEnv({ SIM_LATENCY_MS: "3600000" } as unknown as NodeJS.ProcessEnv)).toThrow(/SIM_LATENCY_MS/);
    expect(() => simulatorOptionsFromEnv({ SIM_JOB_DELAY_MS: "86400000" } as unknown as NodeJS.ProcessEnv)).toThrow(/SIM_JOB_DELAY_MS/);
    expect(() => sim.faults.failNext({ count: 1e9 })).toThrow(/failNext\.count/);
    expect(() => sim.faults.failNext({ status: 99_999 })).toThrow(/failNext\.status/);
    expect(() => sim.faults.failNext({ retryAfterSeconds: 1e9, status: 429 })).toThrow(/failNext\.retryAfterSeconds/);
  });

  it("POST /__sim/faults: 400 naming the field, nothing changed", async () => {
    const sim = testSim({ admin: true });
    const post = async (body: unknown) => {
      const res = await sim.fetch(
        new Request(`${BASE}/__sim/faults`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
      return { status: res.status, json: (await res.json()) as { code: string; details: { fieldName?: string }[] } };
    };
    for (const [body, field] of [
      [{ latencyMs: 3_600_000 }, "latencyMs"],
      [{ jobDelayMs: 3_600_000 }, "jobDelayMs"],
      [{ tokenLifetimeSeconds: 10_000_000 }, "tokenLifetimeSeconds"],
      [{ rateLimitPerMinute: 1e9 }, "rateLimitPerMinute"],
      [{ errorRate: 2 }, "errorRate"],
      [{ failNext: { count: 1e9, jobState: "FAILED" } }, "failNext.count"],
      [{ failNext: { status: 200 } }, "failNext.status"],
      [{ failNext: { pathPrefix: "x".repeat(300) } }, "failNext.pathPrefix"],
    ] as const) {
      const r = await post(body);
      expect(r.status, field).toBe(400);
      expect(r.json.code).toBe("bad.request");
      expect(r.json.details[0]?.fieldName).toBe(field);
    }
    expect(sim.options.latencyMs).toBe(0);
    expect((await post({ latencyMs: 60_000 })).status).toBe(200);
    expect(sim.options.latencyMs).toBe(60_000);
  });
});
