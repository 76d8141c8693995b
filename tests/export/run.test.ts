import { appendFile, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, ExportError, ExportResumeMismatchError } from "@/lib/export";
import { checkpointSchema, exportPaths } from "@/lib/export/files";
import { createGenesysClient } from "@/lib/genesys";
import { createSimulator, SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";
import { SIM_BASE, SIM_TEST_NOW, simFetch, testClock } from "../genesys/sim-client";
import { exportSetup, idsIn, recentInterval, run, simFetchIgnoringAbort, sorted, spec, tempOut, truth } from "./helpers";

const HOUR = 3_600_000;
const JOBS = "/api/v2/analytics/conversations/details/jobs";
const QUERY = "/api/v2/analytics/conversations/details/query";

/** Every id exactly once, and the same set the details query returns for the whole interval. */
async function expectExactly(out: string, expected: { conversationId: string }[]) {
  const ids = await idsIn(out);
  expect(new Set(ids).size).toBe(ids.length);
  expect(sorted(ids)).toEqual(sorted(expected.map((c) => c.conversationId)));
}

describe("runExport: API choice, chunks and overlap", () => {
  it("uses the details query for a small interval, cut in chunks, and writes a conversation spanning a boundary once", async () => {
    // Jobs that queue for a while, as Genesys's do: for this volume the query is faster.
    const { client } = exportSetup({ jobDelayMs: 5_000 });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(12), out });
    const summary = await run(client, s, { chunkMs: 2 * HOUR });
    expect(summary).toMatchObject({ api: "query", chunks: 6, resumedFrom: null });
    const expected = await truth(client, s);
    // The overlap is real: the simulator returns a conversation from every chunk it was active in.
    const boundaries = [1, 2, 3, 4, 5].map((i) => s.start + i * 2 * HOUR);
    const spanning = expected.filter((c) =>
      boundaries.some((b) => Date.parse(c.conversationStart) < b && Date.parse(c.conversationEnd ?? "9999") > b),
    );
    expect(spanning.length).toBeGreaterThan(10);
    await expectExactly(out, expected);
    expect(summary.conversations).toBe(expected.length);
    expect(await readdir(path.dirname(out))).toEqual(["export.ndjson"]); // no partial, checkpoint or lock left
  });

  it("uses async jobs above the threshold: one job per chunk, each deleted after reading", async () => {
    const { client, sim } = exportSetup();
    const out = await tempOut();
    const s = spec({ interval: recentInterval(12), out });
    const summary = await run(client, s, { chunkMs: 3 * HOUR, syncMax: 100 });
    expect(summary).toMatchObject({ api: "jobs", chunks: 4, lead: false });
    await expectExactly(out, await truth(client, s));
    const routes = sim.stats().byRoute;
    // One per chunk, and one for the first chunk's second half, in case of a lead (deleted: the first job was ready).
    expect(routes[`POST ${JOBS}`]).toBe(5);
    expect(routes[`DELETE ${JOBS}/{jobId}`]).toBe(5);
  });

  it("stops a details-query chunk at the first page past its end: the query returns its whole day, in start order", async () => {
    const { client, sim } = exportSetup();
    const out = await tempOut();
    const [dayStart] = recentInterval(24).split("/") as [string];
    const morning = `${dayStart}/${new Date(Date.parse(dayStart) + 12 * HOUR).toISOString()}`;
    const s = spec({ interval: morning, out, api: "query" });
    await run(client, s);
    const queries = sim.stats().byRoute[`POST ${QUERY}`]!;
    const expected = await truth(client, s);
    await expectExactly(out, expected);
    const day = await client.queryConversationDetailsPage({ interval: recentInterval(24), paging: { pageSize: 1, pageNumber: 1 } });
    // The day's afternoon is busier than its morning: reading on to the empty page would take every page of the day.
    expect(day.totalHits).toBeGreaterThan(2 * expected.length);
    expect(queries).toBeLessThanOrEqual(1 + Math.ceil(expected.length / 100) + 3); // the probe, the morning's pages, those in flight
  });

  it("writes each conversation once when the details query's pages shift between requests", async () => {
    // A proxy in front of the simulator: from page 2 on, every page is served as if 7 conversations
    // had been inserted before it, so each page repeats the previous page's last 7 (what
    // https://developer.genesys.cloud/blog/2022-04-21-Analytics-conversations-api-behavior/ describes).
    const sim = createSimulator({ rateLimitPerMinute: 0, now: testClock() });
    const base = simFetch(sim);
    let repeated = 0;
    const shifting: typeof fetch = async (input, init) => {
      const url = String(input);
      if (!url.endsWith("/details/query") || typeof init?.body !== "string") return base(input, init);
      const body = JSON.parse(init.body) as { paging?: { pageSize: number; pageNumber: number } };
      const paging = body.paging;
      if (!paging || paging.pageNumber < 2 || paging.pageSize !== 100) return base(input, init);
      const from = (paging.pageNumber - 1) * 100 - 7;
      const pageOf = async (n: number) => {
        const res = await base(input, { ...init, body: JSON.stringify({ ...body, paging: { pageSize: 100, pageNumber: n } }) });
        return (await res.json()) as { conversations?: { conversationId: string }[]; totalHits: number };
      };
      const before = await pageOf(Math.floor(from / 100) + 1);
      const after = await pageOf(Math.floor(from / 100) + 2);
      const list = [...(before.conversations ?? []), ...(after.conversations ?? [])].slice(from % 100, (from % 100) + 100);
      repeated += 7;
      return new Response(JSON.stringify({ ...(list.length ? { conversations: list } : {}), totalHits: before.totalHits }), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    };
    const client = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: shifting,
    });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(8), out, api: "query" });
    await run(client, s, { chunkMs: 4 * HOUR });
    expect(repeated).toBeGreaterThan(50);
    const reference = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: base,
    });
    await expectExactly(out, await truth(reference, s));
  });

  it("exports an interval still receiving conversations: the simulator's live pages grow between requests, each conversation is written once", async () => {
    // The simulator's clock moves a minute on every details page, so conversations keep arriving
    // (and the current day's totalHits keeps moving) while the export reads.
    let offset = 0;
    const sim = createSimulator({ rateLimitPerMinute: 0, now: testClock(() => offset) });
    const base = simFetch(sim);
    const live: typeof fetch = (input, init) => {
      if (String(input).endsWith("/details/query")) offset += 60_000;
      return base(input, init);
    };
    const client = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: live,
    });
    const reference = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: base,
    });
    const out = await tempOut();
    // From two hours before the simulator's "now" to four hours after it.
    const s = spec({
      interval: `${new Date(SIM_TEST_NOW - 2 * HOUR).toISOString()}/${new Date(SIM_TEST_NOW + 4 * HOUR).toISOString()}`,
      out,
      api: "query",
    });
    const before = await truth(reference, s);
    await run(client, s, { chunkMs: 2 * HOUR });
    const after = await truth(reference, s);
    const ids = await idsIn(out);
    expect(new Set(ids).size).toBe(ids.length);
    // Everything there when it began is in the file, plus conversations that arrived meanwhile,
    // and nothing the org does not have.
    const written = new Set(ids);
    expect(before.every((c) => written.has(c.conversationId))).toBe(true);
    expect(ids.length).toBeGreaterThan(before.length);
    const exists = new Set(after.map((c) => c.conversationId));
    expect(ids.every((id) => exists.has(id))).toBe(true);
  });

  it("turns --media and --queue into segment filters", async () => {
    const { client, sim } = exportSetup();
    const queue = sim.org.queues.find((q) => q.mediaTypes.includes("chat"))!;
    const out = await tempOut();
    const s = spec({ interval: recentInterval(24), out, media: "chat", queue: queue.id });
    await run(client, s);
    const expected = await truth(client, s);
    expect(expected.length).toBeGreaterThan(10);
    await expectExactly(out, expected);
    for (const line of (await readFile(out, "utf8")).trim().split("\n")) {
      const c = JSON.parse(line) as { participants: { sessions: { mediaType: string; segments: { queueId?: string }[] }[] }[] };
      const sessions = c.participants.flatMap((p) => p.sessions);
      expect(sessions.some((x) => x.mediaType === "chat")).toBe(true);
      expect(sessions.some((x) => x.segments.some((seg) => seg.queueId === queue.id))).toBe(true);
    }
  });

  it("writes CSV: the documented columns, one row per conversation, queue names from the listing", async () => {
    const { client, sim } = exportSetup();
    const out = await tempOut("export.csv");
    const s = spec({ interval: recentInterval(6), out, format: "csv" });
    await run(client, s);
    const [header, ...rows] = (await readFile(out, "utf8")).split("\r\n").filter(Boolean);
    expect(header).toBe(CSV_COLUMNS.join(","));
    await expectExactly(out, await truth(client, s));
    const names = new Set(sim.org.queues.map((q) => q.name));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const cells = rows.map((r) => r.split(","));
    expect(cells.every((c) => c.length === CSV_COLUMNS.length)).toBe(true);
    expect(cells.filter((c) => c[col("queueNames")] && names.has(c[col("queueNames")]!)).length).toBeGreaterThan(rows.length * 0.9);
    expect(cells.some((c) => c[col("answered")] === "true")).toBe(true);
    expect(cells.some((c) => c[col("abandoned")] === "true")).toBe(true);
  });
});

describe("runExport: the API chosen at the start", () => {
  it("reads a small volume with the details query while the job it submitted speculatively still queues, and deletes that job", async () => {
    const { client, sim } = exportSetup({ jobDelayMs: 5_000 });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(2), out });
    const summary = await run(client, s);
    expect(summary.api).toBe("query");
    await expectExactly(out, await truth(client, s));
    const routes = sim.stats().byRoute;
    expect(routes[`POST ${JOBS}`]).toBe(2); // the first chunk's, and its second half's (for a lead)
    expect(routes[`GET ${JOBS}/{jobId}`]).toBe(1); // asked once, when the probes came back
    expect(routes[`DELETE ${JOBS}/{jobId}`]).toBe(2);
    expect(routes[`GET ${JOBS}/{jobId}/results`]).toBeUndefined();
  });

  it("reads a volume the query could not fetch within the rate-limit window with jobs, reusing the speculative job", async () => {
    let offset = 0;
    const sim = createSimulator({ rateLimitPerMinute: 20, jobDelayMs: 0, now: testClock(() => offset) });
    const client = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: simFetchIgnoringAbort(sim),
      pacing: true,
      sleep: async (ms) => void (offset += ms),
      clock: () => performance.now() + offset,
    });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(24), out });
    let reason = "";
    const summary = await run(client, s, { onStart: (start) => void (reason = start.reason) });
    expect(summary.api).toBe("jobs");
    // Well under the old fixed 10,000: the ~50 query requests would wait for the window, jobs need ~8.
    expect(summary.conversations).toBeLessThan(10_000);
    expect(reason).toMatch(/of 20 requests left .*: async details jobs .* rather than the details query .*~\d+ s$/);
    await expectExactly(out, await truth(client, s));
    const routes = sim.stats().byRoute;
    // One chunk, one job read: the speculative one (the second half's, for a lead, is deleted).
    expect(routes[`POST ${JOBS}`]).toBe(2);
    expect(routes[`GET ${JOBS}/{jobId}`]).toBe(1); // FULFILLED when the plan asked: read without polling again
    expect(routes[`GET ${JOBS}/{jobId}/results`]).toBeGreaterThan(1);
    expect(routes[`DELETE ${JOBS}/{jobId}`]).toBe(2);
    expect(summary.client.rateLimited).toBe(0);
    expect(summary.client.paced?.waits ?? 0).toBe(0);
  });

  it("reads a lead: the first half of the first chunk by the details query while the job for its second half queues, each conversation once", async () => {
    // Jobs that queue 2 s on the simulator's clock, which the client's sleeps move on.
    let offset = 0;
    const { client, sim } = exportSetup({ jobDelayMs: 2_000, now: testClock(() => offset) }, { sleep: async (ms) => void (offset += ms) });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(48), out });
    let reason = "";
    // Over syncMax, so jobs (the query alone is not allowed); the first job still queues: a lead.
    const summary = await run(client, s, { syncMax: 100, onStart: (start) => void (reason = start.reason) });
    expect(summary).toMatchObject({ api: "jobs", lead: true, chunks: 3 });
    expect(reason).toMatch(/; the first 12 h by the details query while the job for the rest queues$/);
    await expectExactly(out, await truth(client, s));
    const routes = sim.stats().byRoute;
    // The first day's job and its second half's, submitted with the probe; the second day's, ahead.
    expect(routes[`POST ${JOBS}`]).toBe(3);
    expect(routes[`DELETE ${JOBS}/{jobId}`]).toBe(3); // the first day's at once, unused; the others once read
    expect(routes[`POST ${QUERY}`]).toBeGreaterThan(5); // the probe and the lead's pages
  });

  it("resumes an export interrupted in its lead, reading the lead again with the details query", async () => {
    let offset = 0;
    const { client, sim } = exportSetup({ jobDelayMs: 2_000, now: testClock(() => offset) }, { sleep: async (ms) => void (offset += ms) });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(24), out });
    const controller = new AbortController();
    let pages = 0;
    await run(client, s, {
      syncMax: 100,
      signal: controller.signal,
      onProgress: () => {
        if (++pages === 3) controller.abort(new Error("interrupted"));
      },
    }).catch(() => undefined);
    const checkpoint = checkpointSchema.parse(JSON.parse(await readFile(exportPaths(out).checkpoint, "utf8")));
    expect(checkpoint).toMatchObject({ api: "jobs", lead: true, done: 0, job: null });
    const summary = await run(client, s, { syncMax: 100 });
    expect(summary).toMatchObject({ api: "jobs", lead: true, chunks: 2, resumedFrom: 0 });
    await expectExactly(out, await truth(client, s));
    expect(sim.stats().byRoute[`GET ${JOBS}/{jobId}/results`]).toBeGreaterThan(0);
  });

  it("with several daily chunks, the first chunk reads the speculative job and the later ones their own", async () => {
    const { client, sim } = exportSetup();
    const out = await tempOut();
    const s = spec({ interval: recentInterval(72), out, api: "jobs" });
    const summary = await run(client, s);
    expect(summary).toMatchObject({ api: "jobs", chunks: 3, jobResubmissions: 0 });
    await expectExactly(out, await truth(client, s));
    const routes = sim.stats().byRoute;
    expect(routes[`POST ${JOBS}`]).toBe(3);
    expect(routes[`DELETE ${JOBS}/{jobId}`]).toBe(3);
  });
});

describe("runExport: rate limits and failures", () => {
  it("paces itself under a tight rate limit and completes without a 429", async () => {
    let offset = 0;
    const sim = createSimulator({ rateLimitPerMinute: 10, jobDelayMs: 0, now: testClock(() => offset) });
    const client = createGenesysClient({
      loginUrl: SIM_BASE,
      apiUrl: SIM_BASE,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      fetch: simFetchIgnoringAbort(sim),
      pacing: true,
      // Virtual time: a minute's wait for the window costs nothing.
      sleep: async (ms) => void (offset += ms),
      clock: () => performance.now() + offset,
    });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(12), out, api: "query" });
    const summary = await run(client, s);
    expect(summary.client.apiCalls).toBeGreaterThan(20);
    expect(summary.client.rateLimited).toBe(0);
    expect(summary.client.paced?.waits).toBeGreaterThanOrEqual(2);
    await expectExactly(out, await truth(client, s));
  });

  it("survives 503s, a 429 and every token expiring mid-run", async () => {
    const { client, sim } = exportSetup({}, { pacing: true });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(12), out, api: "jobs" });
    sim.faults.failNext({ status: 503, count: 2, pathPrefix: JOBS });
    let results = 0;
    const summary = await run(client, s, {
      chunkMs: 3 * HOUR,
      onProgress: () => {
        results++;
        if (results === 3) {
          sim.faults.failNext({ status: 429, retryAfterSeconds: 1, pathPrefix: JOBS });
          sim.expireAllTokens();
        }
      },
    });
    expect(summary.client.retries).toBeGreaterThanOrEqual(4);
    expect(summary.client.rateLimited).toBe(1);
    expect(summary.client.tokenRequests).toBe(2);
    await expectExactly(out, await truth(client, s));
  });

  it.each(["FAILED", "EXPIRED"] as const)("submits a job that ends %s again and completes", async (state) => {
    const { client, sim } = exportSetup();
    const notes: string[] = [];
    const out = await tempOut();
    const s = spec({ interval: recentInterval(6), out, api: "jobs" });
    sim.faults.failNext({ jobState: state });
    const summary = await run(client, s, { onNote: (line) => notes.push(line) });
    expect(summary.jobResubmissions).toBe(1);
    expect(notes.join("\n")).toMatch(new RegExp(`ended ${state}.*submitting it again \\(attempt 2 of 3\\)`));
    await expectExactly(out, await truth(client, s));
  });

  it("stops with a clear error after three failed submissions, keeping what it wrote for a later resume", async () => {
    // The first chunk's job goes through; every job after it (the second chunk's, three times) fails.
    let jobs = 0;
    const { client } = exportSetup({}, {}, (sim, next) => async (input, init) => {
      const answer = await next(input, init);
      if (init?.method === "POST" && String(input).endsWith(JOBS) && ++jobs === 1) sim.faults.failNext({ jobState: "FAILED", count: 3 });
      return answer;
    });
    const out = await tempOut();
    const s = spec({ interval: recentInterval(12), out, api: "jobs" });
    const error = await run(client, s, { chunkMs: 6 * HOUR }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as Error).message).toMatch(
      /the analytics job for .* ended FAILED \(The job failed.*\), 3 times in a row; run the same command later/,
    );
    const paths = exportPaths(out);
    const checkpoint = checkpointSchema.parse(JSON.parse(await readFile(paths.checkpoint, "utf8")));
    expect(checkpoint.done).toBe(1);
    expect(checkpoint.count).toBeGreaterThan(0);
    // Later, the same export resumes at the second chunk.
    const summary = await run(client, s, { chunkMs: 6 * HOUR });
    expect(summary.resumedFrom).toBe(checkpoint.count);
    await expectExactly(out, await truth(client, s));
  });
});

describe("runExport: interruption and resume", () => {
  it("resumes a job at its cursor after an interruption, cutting off anything written past the checkpoint", async () => {
    const { client, sim } = exportSetup();
    const out = await tempOut();
    const s = spec({ interval: recentInterval(24), out, api: "jobs" });
    const controller = new AbortController();
    let pages = 0;
    const interrupted = await run(client, s, {
      signal: controller.signal,
      onProgress: () => {
        if (++pages === 3) controller.abort(new Error("interrupted"));
      },
    }).catch((e: unknown) => e);
    expect((interrupted as Error).message).toBe("interrupted");
    const paths = exportPaths(out);
    const checkpoint = checkpointSchema.parse(JSON.parse(await readFile(paths.checkpoint, "utf8")));
    expect(checkpoint.job?.cursor).toBeDefined();
    expect(checkpoint.count).toBeGreaterThan(0);
    expect((await stat(paths.partial)).size).toBe(checkpoint.bytes);
    await expect(stat(out)).rejects.toThrow(); // never a half-written FILE
    // A crash mid-write leaves bytes past the checkpoint: the resume cuts them off.
    await appendFile(paths.partial, '{"conversationId":"half-writ');

    const summary = await run(client, s);
    expect(summary.resumedFrom).toBe(checkpoint.count);
    expect(sim.stats().byRoute[`POST ${JOBS}`]).toBe(1); // the same job, continued
    await expectExactly(out, await truth(client, s));
  });

  it("restarts an interrupted details-query chunk from its start", async () => {
    const { client } = exportSetup();
    const out = await tempOut();
    const s = spec({ interval: recentInterval(12), out, api: "query" });
    const controller = new AbortController();
    // Interrupted on the second page of the second chunk: the first is done, the second half-read.
    let pagesOfSecond = 0;
    await run(client, s, {
      chunkMs: 4 * HOUR,
      signal: controller.signal,
      onProgress: ({ chunk }) => {
        if (chunk === 2 && ++pagesOfSecond === 2) controller.abort(new Error("interrupted"));
      },
    }).catch(() => undefined);
    const checkpoint = checkpointSchema.parse(JSON.parse(await readFile(exportPaths(out).checkpoint, "utf8")));
    expect(checkpoint.done).toBeGreaterThanOrEqual(1);
    const summary = await run(client, s, { chunkMs: 4 * HOUR });
    expect(summary.resumedFrom).toBe(checkpoint.chunkStartCount);
    await expectExactly(out, await truth(client, s));
  });

  it("refuses to resume with other arguments, naming the difference", async () => {
    const { client } = exportSetup();
    const out = await tempOut();
    const s = spec({ interval: recentInterval(12), out, api: "jobs" });
    const controller = new AbortController();
    await run(client, s, { signal: controller.signal, onProgress: () => controller.abort(new Error("stop")) }).catch(() => undefined);
    const other = spec({ interval: recentInterval(12), out, api: "jobs", format: "csv", media: "voice" });
    const error = await run(client, other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportResumeMismatchError);
    expect((error as Error).message).toMatch(/--format was ndjson, now csv; --media was \(none\), now voice/);
    // The original command still finishes it.
    await run(client, s);
    await expectExactly(out, await truth(client, s));
  });
});
