import { describe, expect, it } from "vitest";
import { chunkQuery, ownsConversation, planExport, splitInterval } from "@/lib/export/plan";
import { exportSetup, recentInterval, spec } from "./helpers";

const H = 3_600_000;

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

describe("planExport", () => {
  it("estimates with one pageSize-1 query per 7-day window and picks the query below the threshold, jobs above", async () => {
    const { client, sim } = exportSetup();
    const s = spec({ interval: recentInterval(10 * 24), out: "x" });
    const small = await planExport(client, s, { syncMax: 1_000_000 });
    expect(sim.stats().byRoute["POST /api/v2/analytics/conversations/details/query"]).toBe(2); // 7 days + 3 days
    expect(small.api).toBe("query");
    expect(small.estimate).toBeGreaterThan(20_000);
    // Query chunks: at most a day and ~50,000 conversations, never across a 7-day window.
    expect(small.chunks).toHaveLength(10);
    const big = await planExport(client, s);
    expect(big.api).toBe("jobs");
    expect(big.reason).toMatch(/over 10000.*async details jobs/);
    expect(big.chunks).toHaveLength(10);
    expect(big.chunks[0]).toEqual({ start: s.start, end: s.start + 24 * H });
    expect((await planExport(client, { ...s, api: "query" })).api).toBe("query");
  });
});
