import { describe, expect, it } from "vitest";
import {
  asyncQueryResponse,
  asyncQueryStatus,
  conversationAsyncQueryResponse,
  errorBody,
  type AnalyticsConversation,
} from "@/lib/genesys/schemas";
import { DAY, HOUR, api, clientToken, interval, testSim } from "./helpers";

const JOBS = "/api/v2/analytics/conversations/details/jobs";
const DETAILS = "/api/v2/analytics/conversations/details/query";
const T0 = Date.UTC(2026, 0, 15, 12, 34, 56, 789);

function clockedSim(opts: Parameters<typeof testSim>[0] = {}) {
  const clock = { now: T0 };
  const sim = testSim({ now: () => clock.now, jobDelayMs: 1000, ...opts });
  return { sim, clock };
}

async function readAll(sim: ReturnType<typeof testSim>, token: string, jobId: string, pageSize: number) {
  const out: AnalyticsConversation[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const q = new URLSearchParams({ pageSize: String(pageSize), ...(cursor ? { cursor } : {}) });
    const res = await api(sim, token, "GET", `${JOBS}/${jobId}/results?${q}`);
    expect(res.status).toBe(200);
    const body = conversationAsyncQueryResponse.parse(res.json);
    out.push(...(body.conversations ?? []));
    cursor = body.cursor;
    pages++;
  } while (cursor);
  return { conversations: out, pages };
}

describe("async details jobs", () => {
  it("goes QUEUED -> PENDING -> FULFILLED after jobDelayMs, refusing results until then", async () => {
    const { sim, clock } = clockedSim();
    const token = await clientToken(sim);
    const created = await api(sim, token, "POST", JOBS, { interval: interval(T0 - 3 * HOUR, T0 - 2 * HOUR) });
    expect(created.status).toBe(202);
    const { jobId } = asyncQueryResponse.parse(created.json);
    const state = async () => asyncQueryStatus.parse((await api(sim, token, "GET", `${JOBS}/${jobId}`)).json);
    expect((await state()).state).toBe("QUEUED");
    const early = await api(sim, token, "GET", `${JOBS}/${jobId}/results`);
    expect(early.status).toBe(400);
    expect(errorBody.parse(early.json).message).toMatch(/QUEUED.*FULFILLED/);
    clock.now += 600;
    expect((await state()).state).toBe("PENDING");
    clock.now += 600;
    const done = await state();
    expect(done.state).toBe("FULFILLED");
    expect(done.submissionDate).toBe(new Date(T0).toISOString());
    expect(Date.parse(done.expirationDate!)).toBeGreaterThan(clock.now);
    expect(done.completionDate).toBeTruthy();
    clock.now += DAY;
    const fresh = await clientToken(sim); // the first token has expired by now too
    expect((await api(sim, fresh, "GET", `${JOBS}/${jobId}`)).json.state).toBe("EXPIRED");
  });

  it("pages results with a cursor until it is absent; the same conversations as the details query, with attributes", async () => {
    // A job matches activity in the interval; the sync query the start day, plus activity with
    // detailsQueryRequiresActivity. With startOfDayIntervalMatching both ask the same.
    const { sim, clock } = clockedSim({ detailsQueryRequiresActivity: true });
    const token = await clientToken(sim);
    const iv = interval(T0 - 4 * HOUR, T0 - 3 * HOUR);
    const { jobId } = (await api(sim, token, "POST", JOBS, { interval: iv, startOfDayIntervalMatching: true })).json;
    clock.now += 1000;
    const { conversations, pages } = await readAll(sim, token, jobId, 37);
    const sync = (await api(sim, token, "POST", DETAILS, { interval: iv, paging: { pageSize: 1, pageNumber: 1 } })).json
      .totalHits as number;
    expect(conversations.length).toBe(sync);
    expect(pages).toBe(Math.ceil(sync / 37));
    expect(new Set(conversations.map((c) => c.conversationId)).size).toBe(sync);
    const starts = conversations.map((c) => Date.parse(c.conversationStart));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const customer = conversations[0]!.participants!.find((p) => p.purpose === "customer")!;
    expect(customer.attributes).toMatchObject({ customerTier: expect.any(String), "ivr.Selection": expect.any(String) });
    // Same records as the sync query apart from the attributes.
    const first = (await api(sim, token, "POST", DETAILS, { interval: iv, paging: { pageSize: 1, pageNumber: 1 } })).json.conversations[0];
    const stripped = { ...conversations[0]!, participants: conversations[0]!.participants!.map(({ attributes: _a, ...p }) => p) };
    expect(stripped).toEqual(first);
  });

  it("honours limit, order desc, the default and maximum page size", async () => {
    const { sim, clock } = clockedSim({ jobResultsMaxPageSize: 50 });
    const token = await clientToken(sim);
    const { jobId } = (await api(sim, token, "POST", JOBS, { interval: interval(T0 - 6 * HOUR, T0 - 5 * HOUR), order: "desc", limit: 45 }))
      .json;
    clock.now += 1000;
    const { conversations } = await readAll(sim, token, jobId, 20);
    expect(conversations.length).toBe(45);
    const starts = conversations.map((c) => Date.parse(c.conversationStart));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect((await api(sim, token, "GET", `${JOBS}/${jobId}/results?pageSize=51`)).status).toBe(400);
    expect((await api(sim, token, "GET", `${JOBS}/${jobId}/results?cursor=bogus`)).status).toBe(400);
  });

  it("DELETE cancels (204) and results are then refused; unknown jobs are 404", async () => {
    const { sim, clock } = clockedSim();
    const token = await clientToken(sim);
    const { jobId } = (await api(sim, token, "POST", JOBS, { interval: interval(T0 - 2 * HOUR, T0 - HOUR) })).json;
    const del = await api(sim, token, "DELETE", `${JOBS}/${jobId}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    clock.now += 5000;
    expect((await api(sim, token, "GET", `${JOBS}/${jobId}`)).json.state).toBe("CANCELLED");
    expect((await api(sim, token, "GET", `${JOBS}/${jobId}/results`)).status).toBe(400);
    expect((await api(sim, token, "GET", `${JOBS}/no-such-job`)).status).toBe(404);
  });

  it("ends FAILED or EXPIRED when scripted with failNext({jobState})", async () => {
    const { sim, clock } = clockedSim();
    const token = await clientToken(sim);
    sim.faults.failNext({ jobState: "FAILED" });
    sim.faults.failNext({ jobState: "EXPIRED" });
    const a = (await api(sim, token, "POST", JOBS, { interval: interval(T0 - 2 * HOUR, T0 - HOUR) })).json.jobId;
    const b = (await api(sim, token, "POST", JOBS, { interval: interval(T0 - 2 * HOUR, T0 - HOUR) })).json.jobId;
    const c = (await api(sim, token, "POST", JOBS, { interval: interval(T0 - 2 * HOUR, T0 - HOUR) })).json.jobId;
    clock.now += 1000;
    const failed = (await api(sim, token, "GET", `${JOBS}/${a}`)).json;
    expect(failed.state).toBe("FAILED");
    expect(failed.errorMessage).toBeTruthy();
    expect((await api(sim, token, "GET", `${JOBS}/${b}`)).json.state).toBe("EXPIRED");
    expect((await api(sim, token, "GET", `${JOBS}/${c}`)).json.state).toBe("FULFILLED");
  });

  it("validates the job body (no paging field) and reports data availability", async () => {
    const { sim } = clockedSim();
    const token = await clientToken(sim);
    const bad = await api(sim, token, "POST", JOBS, {
      interval: interval(T0 - 2 * HOUR, T0 - HOUR),
      paging: { pageSize: 10, pageNumber: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/paging/);
    const availability = await api(sim, token, "GET", `${JOBS}/availability`);
    expect(availability.status).toBe(200);
    expect(Date.parse(availability.json.dataAvailabilityDate)).toBeLessThanOrEqual(T0);
  });

  it("can span more than the sync query's 7 days", async () => {
    const { sim, clock } = clockedSim({ queueCount: 12, volume: 0.05 });
    const token = await clientToken(sim);
    const created = await api(sim, token, "POST", JOBS, { interval: interval(T0 - 10 * DAY, T0) });
    expect(created.status).toBe(202);
    clock.now += 1000;
    const { conversations } = await readAll(sim, token, created.json.jobId, 1000);
    expect(conversations.length).toBeGreaterThan(100);
    expect(Date.parse(conversations[0]!.conversationStart)).toBeLessThan(T0 - 9 * DAY);
  });

  it("orders by conversationEnd or segmentEnd (ongoing last), and by conversationStart or segmentStart, either way round", async () => {
    const { sim, clock } = clockedSim();
    const token = await clientToken(sim);
    const iv = interval(T0 - HOUR, T0);
    const run = async (body: Record<string, unknown>) => {
      const created = await api(sim, token, "POST", JOBS, { interval: iv, ...body });
      expect(created.status).toBe(202);
      clock.now += 1000;
      return (await readAll(sim, token, created.json.jobId, 97)).conversations;
    };
    const end = (c: AnalyticsConversation) => (c.conversationEnd ? Date.parse(c.conversationEnd) : Infinity);
    const byStart = await run({});
    expect(byStart.some((c) => c.conversationEnd === undefined)).toBe(true);
    for (const orderBy of ["conversationEnd", "segmentEnd"]) {
      const asc = await run({ orderBy });
      const ends = asc.map(end);
      expect(ends).toEqual([...ends].sort((a, b) => a - b));
      expect(ends.at(-1)).toBe(Infinity);
      expect(ends[0]).toBeLessThan(Infinity);
      expect(asc.map((c) => c.conversationId)).not.toEqual(byStart.map((c) => c.conversationId));
      expect(new Set(asc.map((c) => c.conversationId))).toEqual(new Set(byStart.map((c) => c.conversationId)));
      const desc = await run({ orderBy, order: "desc" });
      expect(desc.map((c) => c.conversationId)).toEqual(asc.map((c) => c.conversationId).reverse());
      const limited = await run({ orderBy, limit: 10 });
      expect(limited.map((c) => c.conversationId)).toEqual(asc.slice(0, 10).map((c) => c.conversationId));
    }
    for (const orderBy of ["conversationStart", "segmentStart"]) {
      expect((await run({ orderBy })).map((c) => c.conversationId)).toEqual(byStart.map((c) => c.conversationId));
    }
    const bad = await api(sim, token, "POST", JOBS, { interval: iv, orderBy: "segmentDuration" });
    expect(bad.status).toBe(400);
    expect(errorBody.parse(bad.json)).toMatchObject({ code: "invalid.value", details: [{ fieldName: "orderBy" }] });
  });

  it("startOfDayIntervalMatching leaves out conversations that started before the interval's UTC day", async () => {
    const { sim, clock } = clockedSim();
    const token = await clientToken(sim);
    const midnight = Math.floor(T0 / DAY) * DAY;
    const iv = interval(midnight, midnight + HOUR);
    const all = (await api(sim, token, "POST", JOBS, { interval: iv })).json.jobId;
    const fromDay = (await api(sim, token, "POST", JOBS, { interval: iv, startOfDayIntervalMatching: true })).json.jobId;
    const off = (await api(sim, token, "POST", JOBS, { interval: iv, startOfDayIntervalMatching: false })).json.jobId;
    clock.now += 1000;
    const a = (await readAll(sim, token, all, 1000)).conversations;
    const b = (await readAll(sim, token, fromDay, 1000)).conversations;
    const c = (await readAll(sim, token, off, 1000)).conversations;
    // Still active after midnight: started yesterday (emails wait for hours).
    expect(a.some((x) => Date.parse(x.conversationStart) < midnight)).toBe(true);
    expect(b.length).toBeGreaterThan(0);
    expect(b.map((x) => x.conversationId)).toEqual(
      a.filter((x) => Date.parse(x.conversationStart) >= midnight).map((x) => x.conversationId),
    );
    expect(c).toEqual(a);
  });
});
