import { describe, expect, it } from "vitest";
import {
  JOB_TIMEOUT_MS,
  chooseApi,
  chooseLead,
  chunkApi,
  chunkQuery,
  meanRemainingWaitMs,
  jobsCost,
  noticedAfter,
  ownsConversation,
  planExport,
  queryCost,
  requestsMs,
  splitInterval,
  type ChoiceInputs,
} from "@/lib/export/plan";
import { exportSetup, recentInterval, spec } from "./helpers";

const H = 3_600_000;
const QUERY = "/api/v2/analytics/conversations/details/query";
const JOBS = "/api/v2/analytics/conversations/details/jobs";

describe("chunks and ownership", () => {
  it("cuts an interval in steps from its start, the last one clipped", () => {
    expect(splitInterval(0, 5 * H, 2 * H)).toEqual([
      { start: 0, end: 2 * H },
      { start: 2 * H, end: 4 * H },
      { start: 4 * H, end: 5 * H },
    ]);
  });

  it("gives every conversation that started in the export exactly one owner, the chunk it started in, and none to the others", () => {
    const chunks = splitInterval(10 * H, 16 * H, 2 * H);
    const owners = (start: number) => chunks.map((_, i) => i).filter((i) => ownsConversation(chunks, i, start));
    expect(owners(11 * H)).toEqual([0]);
    expect(owners(12 * H)).toEqual([1]); // a boundary belongs to the chunk it opens
    expect(owners(15.9 * H)).toEqual([2]);
    // Started before the export, still active in it (a job returns it): not part of this export.
    expect(owners(3 * H)).toEqual([]);
    expect(owners(16 * H)).toEqual([]);
  });

  it("filters media and queues as segment filters (each list an OR, both must hold)", () => {
    const query = chunkQuery({ media: ["chat", "voice"], queues: ["q1"] }, { start: 0, end: H });
    expect(query).toEqual({
      interval: "1970-01-01T00:00:00.000Z/1970-01-01T01:00:00.000Z",
      order: "asc",
      orderBy: "conversationStart",
      segmentFilters: [
        {
          type: "or",
          predicates: [
            { type: "dimension", dimension: "mediaType", operator: "matches", value: "chat" },
            { type: "dimension", dimension: "mediaType", operator: "matches", value: "voice" },
          ],
        },
        { type: "or", predicates: [{ type: "dimension", dimension: "queueId", operator: "matches", value: "q1" }] },
      ],
    });
  });
});

describe("chooseApi: the faster API for the volume, under the rate-limit window", () => {
  const queued = (ms: number) => ({ ready: false, remainingMs: ms, durationMs: 2 * ms });
  const ready = { ready: true, remainingMs: 0, durationMs: 0 };
  const base: ChoiceInputs = { estimate: 0, queryChunks: 1, jobChunks: 1, rate: null, roundTripMs: 150, job: queued(5_000) };
  const fresh = { allowed: 300, count: 3, resetSeconds: 60 };

  it("counts ceil(n/100) query requests plus the empty page and the one after it per chunk, ceil(n/1000) job pages plus create, status and delete per chunk", () => {
    const inputs = { ...base, estimate: 20_001, queryChunks: 2, jobChunks: 2 };
    expect(queryCost(inputs).requests).toBe(201 + 4);
    // Two query pages in flight at once: half the round trips on the critical path.
    expect(queryCost({ ...inputs, rate: null }).ms).toBe(Math.ceil(205 / 2) * 150);
    // 21 pages, 2 × (create, status, delete), less the create already made.
    expect(jobsCost(inputs).requests).toBe(21 + 6 - 1);
    expect(jobsCost({ ...inputs, job: ready }).requests).toBe(21 + 6 - 2);
  });

  it("counts a job's wait up to the status poll that sees it done", () => {
    // Polls at once, then after 100, 200, 400, … ms (at most 5 s apart): at 0, 100, 300, 700, 1500, 3100, 6300, 11300.
    expect([0, 1, 100, 101, 300, 301, 5_000, 7_000].map((ms) => noticedAfter(ms))).toEqual([0, 100, 100, 300, 300, 700, 6_300, 11_300]);
    expect(jobsCost({ ...base, estimate: 1_000, roundTripMs: 0, job: queued(250) }).ms).toBe(300);
    // Three daily chunks: each later job queues 500 ms in all, less its predecessor's reading (~0 here).
    expect(jobsCost({ ...base, estimate: 3_000, jobChunks: 3, roundTripMs: 0, job: queued(250) }).ms).toBe(300 + 2 * 700);
  });

  it("takes the query for a small volume when the job still queues, jobs once their fewer round trips outweigh its wait", () => {
    expect(chooseApi({ ...base, estimate: 2_000, rate: fresh }).api).toBe("query"); // ~22 requests, two at a time ≈ 1.7 s < 6.3 s
    expect(chooseApi({ ...base, estimate: 12_000, rate: fresh }).api).toBe("jobs"); // ~122 requests ≈ 9.2 s > 6.3 s + 14 round trips
    // A job already FULFILLED when the probes come back: nothing to wait for, and fewer requests.
    expect(chooseApi({ ...base, estimate: 2_000, job: ready }).api).toBe("jobs");
    // Equal: the query, which has nothing to wait for.
    expect(chooseApi({ ...base, estimate: 50, roundTripMs: 0, job: ready }).api).toBe("query");
  });

  it("takes jobs when the query's requests would not fit in what is left of the window", () => {
    const inputs = { ...base, estimate: 3_000, roundTripMs: 5, job: queued(1_000) };
    expect(chooseApi({ ...inputs, rate: fresh }).api).toBe("query"); // 31 requests fit
    const spent = { allowed: 300, count: 280, resetSeconds: 45 };
    const choice = chooseApi({ ...inputs, rate: spent });
    expect(choice.api).toBe("jobs"); // 31 requests with 5 left: a 45 s wait; jobs need 5
    expect(choice.query.ms).toBeGreaterThanOrEqual(45_000);
    expect(choice.jobs.ms).toBeLessThan(3_000);
  });

  it("models the pacer: round trips while the window lasts, a reset for every window's worth beyond it", () => {
    expect(requestsMs(100, 100, 10, null)).toBe(1_000);
    expect(requestsMs(100, 100, 10, { allowed: 300, count: 0, resetSeconds: 60 })).toBe(1_000);
    // 285 usable a window (5 % reserve): 100 fit after 200 used → 85 left, 15 wait 30 s for the reset.
    expect(requestsMs(100, 100, 10, { allowed: 300, count: 200, resetSeconds: 30 })).toBe(30_000 + 15 * 10);
    // 1,000 from a fresh window: three more resets after the first 285.
    expect(requestsMs(1_000, 1_000, 10, { allowed: 300, count: 0, resetSeconds: 60 })).toBe(
      60_000 + 2 * 60_000 + (1_000 - 285 - 2 * 285) * 10,
    );
  });

  it("takes a lead when the job still queues and its extra round trips fit the mean wait still ahead, within the rate-limit window", () => {
    // Queued 40 ms: the median wait still ahead is 40 ms more, the mean (a long tail) ~390 ms.
    expect(meanRemainingWaitMs(40)).toBeCloseTo(389, 0);
    expect(meanRemainingWaitMs(400)).toBeGreaterThan(2_900);
    expect(meanRemainingWaitMs(JOB_TIMEOUT_MS)).toBe(0);
    const simulator = { ...base, estimate: 22_000, roundTripMs: 1, job: queued(40), rate: fresh };
    // Half a day of ~22,000: ~112 query requests, two at a time, ~45 ms beyond the job's own round trips.
    expect(chooseLead(simulator, 11_000)).toBe(true);
    expect(chooseLead({ ...simulator, job: ready }, 11_000)).toBe(false); // nothing to wait for
    expect(chooseLead({ ...simulator, roundTripMs: 100, job: queued(400) }, 11_000)).toBe(false); // ~4.5 s of round trips > ~3 s
    expect(chooseLead({ ...simulator, rate: { allowed: 300, count: 250, resetSeconds: 30 } }, 11_000)).toBe(false); // would wait for a reset
  });

  it("caps the query at syncMax conversations", () => {
    const choice = chooseApi({ ...base, estimate: 500, rate: fresh }, 100);
    expect(choice).toMatchObject({ api: "jobs", capped: true });
  });
});

describe("planExport", () => {
  it("probes one pageSize-1 query per 7-day window and submits the first chunk's job meanwhile; with that job ready, jobs reuse it", async () => {
    const { client, sim } = exportSetup();
    const s = spec({ interval: recentInterval(10 * 24), out: "x" });
    const plan = await planExport(client, s);
    const routes = sim.stats().byRoute;
    expect(routes[`POST ${QUERY}`]).toBe(2); // 7 days + 3 days
    expect(routes[`POST ${JOBS}`]).toBe(2); // the first chunk's, and its second half's in case of a lead
    expect(routes[`GET ${JOBS}/{jobId}`]).toBe(1); // how far the first got
    expect(routes[`DELETE ${JOBS}/{jobId}`]).toBe(1); // the second half's: the first was ready, no lead
    expect(plan.estimate).toBeGreaterThan(20_000);
    expect(plan.api).toBe("jobs");
    expect(plan.reason).toMatch(/^about \d+ conversations, no rate limit: async details jobs .* rather than the details query/);
    expect(plan.firstJob).toEqual({ id: expect.any(String), ready: true });
    expect(plan.lead).toBe(false);
    expect(plan.chunks).toHaveLength(10);
    expect(plan.chunks[0]).toEqual({ start: s.start, end: s.start + 24 * H });
    await client.detailsJobs.delete(plan.firstJob!.id);
  });

  it("takes the query when the job would queue longer than the query's round trips take, deleting the job; query chunks never cross a window", async () => {
    const { client, sim } = exportSetup({ jobDelayMs: 60_000 });
    const s = spec({ interval: recentInterval(10 * 24), out: "x" });
    const plan = await planExport(client, s, { chunkMs: 12 * H });
    expect(plan.api).toBe("query");
    expect(plan.reason).toMatch(/the details query .* rather than async details jobs/);
    expect(plan.firstJob).toBeNull();
    expect(sim.stats().byRoute[`DELETE ${JOBS}/{jobId}`]).toBe(2);
    expect(plan.chunks).toHaveLength(20);
    expect(plan.chunks.every((c) => c.end - c.start <= 12 * H)).toBe(true);
    expect(plan.chunks.some((c) => c.start < s.start + 7 * 24 * H && c.end > s.start + 7 * 24 * H)).toBe(false);
  });

  it("--api forces one: query submits no job, jobs keep theirs whatever the volume", async () => {
    const { client, sim } = exportSetup({ jobDelayMs: 60_000 });
    const s = spec({ interval: recentInterval(2), out: "x" });
    const query = await planExport(client, { ...s, api: "query" });
    expect(query).toMatchObject({ api: "query", reason: "--api query", firstJob: null });
    expect(sim.stats().byRoute[`POST ${JOBS}`]).toBeUndefined();
    const jobs = await planExport(client, { ...s, api: "jobs" });
    expect(jobs).toMatchObject({ api: "jobs", reason: "--api jobs", firstJob: { ready: false } });
    expect(sim.stats().byRoute[`POST ${JOBS}`]).toBe(1);
    expect(sim.stats().byRoute[`DELETE ${JOBS}/{jobId}`]).toBeUndefined();
  });

  it("deletes the speculative job when planning fails", async () => {
    const { client, sim } = exportSetup();
    sim.faults.failNext({ status: 400, pathPrefix: QUERY });
    const s = spec({ interval: recentInterval(24), out: "x" });
    await expect(planExport(client, s)).rejects.toThrow();
    expect(sim.stats().byRoute[`POST ${JOBS}`]).toBe(2);
    expect(sim.stats().byRoute[`DELETE ${JOBS}/{jobId}`]).toBe(2);
  });

  it("with jobs and the first job still queueing, cuts the first chunk in two: a lead for the details query, then the job already submitted for the rest", async () => {
    const { client, sim } = exportSetup({ jobDelayMs: 60_000 });
    const s = spec({ interval: recentInterval(48), out: "x" });
    const plan = await planExport(client, s, { syncMax: 100 });
    expect(plan).toMatchObject({ api: "jobs", lead: true, firstJob: { ready: false } });
    expect(plan.chunks).toEqual([
      { start: s.start, end: s.start + 12 * H },
      { start: s.start + 12 * H, end: s.start + 24 * H },
      { start: s.start + 24 * H, end: s.end },
    ]);
    expect([0, 1, 2].map((i) => chunkApi(plan, i))).toEqual(["query", "jobs", "jobs"]);
    // Both jobs were submitted; the first chunk's whole job is the one deleted.
    expect(sim.stats().byRoute[`POST ${JOBS}`]).toBe(2);
    expect(sim.stats().byRoute[`DELETE ${JOBS}/{jobId}`]).toBe(1);
    expect((await client.detailsJobs.status(plan.firstJob!.id)).state).not.toBe("CANCELLED");
    // The sync reads two days at once and asks for no lead.
    const noLead = await planExport(client, s, { syncMax: 100, lead: false });
    expect(noLead).toMatchObject({ api: "jobs", lead: false, chunks: [{ start: s.start, end: s.start + 24 * H }, expect.anything()] });
  });
});
