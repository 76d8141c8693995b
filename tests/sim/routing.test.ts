import { describe, expect, it } from "vitest";
import { errorBody, queue, queueEntityListing } from "@/lib/genesys/schemas";
import { api, clientToken, testSim } from "./helpers";

describe("GET /api/v2/routing/queues", () => {
  it("pages through every queue, sorted by name, with relative *Uri links and no nextUri on the last page", async () => {
    const sim = testSim({ queueCount: 23 });
    const token = await clientToken(sim);
    const seen: string[] = [];
    let path: string | undefined = "/api/v2/routing/queues?pageSize=5";
    let pages = 0;
    while (path) {
      const res = await api(sim, token, "GET", path);
      expect(res.status).toBe(200);
      const listing = queueEntityListing.parse(res.json);
      pages++;
      expect(listing.pageSize).toBe(5);
      expect(listing.pageNumber).toBe(pages);
      expect(listing.total).toBe(23);
      expect(listing.pageCount).toBe(5);
      expect(listing.firstUri).toBe("/api/v2/routing/queues?pageSize=5&pageNumber=1");
      expect(listing.lastUri).toBe("/api/v2/routing/queues?pageSize=5&pageNumber=5");
      for (const q of listing.entities ?? []) seen.push(queue.parse(q).name);
      path = listing.nextUri;
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(seen).toEqual([...seen].sort((a, b) => a.localeCompare(b, "en")));
    expect(new Set(seen).size).toBe(23);
  });

  it("describes each queue: division, members, per-media service level", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const res = await api(sim, token, "GET", "/api/v2/routing/queues?pageSize=100");
    const sales = res.json.entities.find((q: { name: string }) => q.name === "Sales");
    expect(sales.division).toMatchObject({ id: expect.any(String), name: expect.any(String) });
    expect(sales.memberCount).toBeGreaterThan(0);
    expect(sales.mediaSettings.call.serviceLevel).toEqual({ percentage: 0.8, durationMs: 20000 });
    expect(sales.mediaSettings.chat.serviceLevel.durationMs).toBe(60000);
    expect(sales.selfUri).toBe(`/api/v2/routing/queues/${sales.id}`);
    const one = await api(sim, token, "GET", `/api/v2/routing/queues/${sales.id}`);
    expect(one.json).toEqual(sales);
  });

  it("filters by id given repeated (id=a&id=b) or comma-joined (id=a,b), by divisionId, and by name with asterisks", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const [a, b, c] = sim.org.queues;
    const repeated = await api(sim, token, "GET", `/api/v2/routing/queues?id=${a!.id}&id=${b!.id}&id=${c!.id}`);
    const joined = await api(sim, token, "GET", `/api/v2/routing/queues?id=${a!.id},${b!.id},${c!.id}`);
    expect(repeated.json.total).toBe(3);
    expect(joined.json.entities).toEqual(repeated.json.entities);
    const division = sim.org.divisions[1]!;
    const byDivision = await api(sim, token, "GET", `/api/v2/routing/queues?divisionId=${division.id}&pageSize=100`);
    expect(byDivision.json.total).toBe(sim.org.queues.filter((q) => q.divisionId === division.id).length);
    const support = await api(sim, token, "GET", "/api/v2/routing/queues?name=*Support*");
    expect(support.json.entities.map((q: { name: string }) => q.name)).toEqual(["Support Tier 1", "Support Tier 2", "Technical Support"]);
    const starts = await api(sim, token, "GET", "/api/v2/routing/queues?name=Support*");
    expect(starts.json.total).toBe(2);
  });

  it("refuses an oversized page with 400 and answers 404 not.found for an unknown queue", async () => {
    const sim = testSim({ queuesMaxPageSize: 100 });
    const token = await clientToken(sim);
    const big = await api(sim, token, "GET", "/api/v2/routing/queues?pageSize=101");
    expect(big.status).toBe(400);
    expect(errorBody.parse(big.json).code).toBe("invalid.value");
    const missing = await api(sim, token, "GET", "/api/v2/routing/queues/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe("not.found");
    const route = await api(sim, token, "GET", "/api/v2/nothing/here");
    expect(route.status).toBe(404);
    expect(errorBody.parse(route.json)).toMatchObject({ code: "not.found", status: 404, messageParams: {}, details: [], errors: [] });
  });

  it("builds the same org for the same seed, another for another seed", () => {
    const a = testSim({ seed: 7 }).org;
    const b = testSim({ seed: 7 }).org;
    const c = testSim({ seed: 8 }).org;
    expect(a.queues.map((q) => q.id)).toEqual(b.queues.map((q) => q.id));
    expect(a.users.map((u) => u.name)).toEqual(b.users.map((u) => u.name));
    expect(a.queues[0]!.id).not.toBe(c.queues[0]!.id);
    expect(a.divisions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(a.queues.map((q) => q.divisionId)).size).toBeGreaterThanOrEqual(2);
  });
});
