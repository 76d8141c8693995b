import { describe, expect, it } from "vitest";
import { errorBody, limitsEntityListing } from "@/lib/genesys/schemas";
import { SIM_LIMITED_CLIENT_ID, SIM_LIMITED_CLIENT_SECRET } from "@/lib/sim";
import { api, clientToken, testSim, userToken } from "./helpers";

const LIMITS = "/api/v2/organizations/limits/namespaces";

describe("GET /api/v2/organizations/limits/namespaces/{namespaceName}", () => {
  it("answers a LimitsEntityListing of {key, namespace, value} for each modelled namespace", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    for (const ns of ["analytics", "analytics.realtime", "platform.api", "notifications"]) {
      const res = await api(sim, token, "GET", `${LIMITS}/${ns}`);
      expect(res.status).toBe(200);
      const listing = limitsEntityListing.parse(res.json);
      expect(Object.keys(res.json)).toEqual(["entities"]);
      expect(listing.entities!.length).toBeGreaterThan(2);
      const keys = listing.entities!.map((e) => e.key!);
      expect(new Set(keys).size).toBe(keys.length);
      for (const e of listing.entities!) {
        expect(Object.keys(e)).toEqual(["key", "namespace", "value"]);
        expect(e.namespace).toBe(ns);
        expect(Number.isInteger(e.value)).toBe(true);
        expect(e.value).toBeGreaterThan(0);
      }
    }
  });

  it("reports the limits the simulator enforces: the per-token rate, the details page size, the observation predicates", async () => {
    const value = async (sim: ReturnType<typeof testSim>, ns: string, key: string) => {
      const res = await api(sim, await clientToken(sim), "GET", `${LIMITS}/${ns}`);
      return {
        value: (res.json.entities as { key: string; value: number }[]).find((e) => e.key === key)?.value,
        allowed: res.headers.get("inin-ratelimit-allowed"),
      };
    };
    const dflt = testSim();
    expect(await value(dflt, "platform.api", "client.credentials.token.rate.per.minute")).toEqual({ value: 300, allowed: "300" });
    expect((await value(dflt, "platform.api", "token.rate.per.minute")).value).toBe(300);
    expect((await value(dflt, "platform.api", "org.app.user.rate.per.minute")).value).toBe(3000);
    expect((await value(dflt, "analytics", "conversation.details.query.page.size.max")).value).toBe(100);
    expect((await value(dflt, "analytics", "conversation.aggregates.query.buckets.max")).value).toBe(1500);
    expect((await value(dflt, "analytics.realtime", "queue.observations.query.predicates.max")).value).toBe(200);
    expect((await value(dflt, "notifications", "channels.per.user.per.app.max")).value).toBe(20);

    const tuned = testSim({ rateLimitPerMinute: 60, detailsMaxPageSize: 50, queueObservationDetailsMax: 10 });
    expect(await value(tuned, "platform.api", "client.credentials.token.rate.per.minute")).toEqual({ value: 60, allowed: "60" });
    expect((await value(tuned, "analytics", "conversation.details.query.page.size.max")).value).toBe(50);
    expect((await value(tuned, "analytics.realtime", "queue.observations.query.observations.max")).value).toBe(10);

    const unlimited = testSim({ rateLimitPerMinute: 0 });
    expect(await value(unlimited, "platform.api", "client.credentials.token.rate.per.minute")).toEqual({
      value: 2147483647,
      allowed: "2147483647",
    });
  });

  it("answers an empty listing for the model's other namespaces and 404 not.found for unknown ones", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const routing = await api(sim, token, "GET", `${LIMITS}/routing`);
    expect(routing.status).toBe(200);
    expect(routing.json).toEqual({ entities: [] });
    const unknown = await api(sim, token, "GET", `${LIMITS}/no.such.namespace`);
    expect(unknown.status).toBe(404);
    expect(errorBody.parse(unknown.json)).toMatchObject({ code: "not.found", status: 404, details: [], errors: [] });
    expect(unknown.json.message).toContain("no.such.namespace");
  });

  it("needs no permission, only a token", async () => {
    const sim = testSim();
    for (const token of [await clientToken(sim, SIM_LIMITED_CLIENT_ID, SIM_LIMITED_CLIENT_SECRET), await userToken(sim, "agent")]) {
      expect((await api(sim, token, "GET", `${LIMITS}/analytics`)).status).toBe(200);
    }
    const anonymous = await api(sim, null, "GET", `${LIMITS}/analytics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.code).toBe("authentication.required");
  });

  it("counts the route by its template in the stats", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    await api(sim, token, "GET", `${LIMITS}/analytics`);
    await api(sim, token, "GET", `${LIMITS}/platform.api`);
    expect(sim.stats().byRoute["GET /api/v2/organizations/limits/namespaces/{namespaceName}"]).toBe(2);
  });
});
