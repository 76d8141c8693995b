import { describe, expect, it } from "vitest";
import { createGenesysClient } from "@/lib/genesys";
import { createSimulator, SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";
import { SIM_BASE, simFetch } from "./sim-client";

/**
 * A simulator and a client sharing a virtual clock: sleeping moves time on at once, so a 60-second
 * rate-limit window costs no wall time.
 */
function virtualTime(rateLimitPerMinute: number, pacing: boolean) {
  let offset = 0;
  const sim = createSimulator({ rateLimitPerMinute, now: () => Date.now() + offset });
  const sleeps: number[] = [];
  const client = createGenesysClient({
    loginUrl: SIM_BASE,
    apiUrl: SIM_BASE,
    credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
    fetch: simFetch(sim),
    sleep: async (ms) => {
      sleeps.push(ms);
      offset += ms;
    },
    clock: () => performance.now() + offset,
    pacing,
  });
  return { sim, client, sleeps };
}

describe("pacing from inin-ratelimit-*", () => {
  it("waits for the window instead of meeting 429s", async () => {
    const { client, sleeps } = virtualTime(10, true);
    for (let i = 0; i < 35; i++) await client.getTokenInfo();
    const stats = client.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.apiCalls).toBe(35);
    // 10 per window, 1 kept in reserve: 9, 9, 9, 8 → three waits of about a minute.
    expect(stats.paced?.waits).toBe(3);
    expect(sleeps.every((ms) => ms > 55_000 && ms <= 61_500)).toBe(true);
  });

  it("without pacing the same calls collect 429s (and wait them out)", async () => {
    const { client } = virtualTime(10, false);
    for (let i = 0; i < 35; i++) await client.getTokenInfo();
    expect(client.stats().rateLimited).toBeGreaterThan(0);
    expect(client.stats().paced).toBeUndefined();
  });

  it("counts requests in flight, so concurrent callers do not overrun the window either", async () => {
    const { client } = virtualTime(12, true);
    await client.getTokenInfo(); // learn the window
    await Promise.all(Array.from({ length: 30 }, () => client.getTokenInfo()));
    expect(client.stats().rateLimited).toBe(0);
  });

  it("never waits when the platform sets no limit", async () => {
    const { client, sleeps } = virtualTime(0, true);
    for (let i = 0; i < 20; i++) await client.getTokenInfo();
    expect(sleeps).toEqual([]);
    expect(client.stats().paced).toEqual({ waits: 0, waitedMs: 0 });
  });
});
