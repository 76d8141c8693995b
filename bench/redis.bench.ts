/**
 * Issue 7, as figures:
 * - the snapshot route served from Redis under an HTTP load (autocannon), beside the same route
 *   from the file store, in the same run;
 * - one hour of cron ticks, fast-forwarded (a tick a minute, as on Vercel Pro), against the
 *   simulator's rate limit: API calls and token requests against the minimum possible.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createGenesysClient } from "@/lib/genesys";
import { refreshViews } from "@/lib/reports/refresh";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { RedisSnapshotStore, RedisTokenCache, createRedisClient } from "@/lib/store/redis-store";
import { startRedisServer } from "../tests/support/redis-server";
import { CRON_SECRET, ensureBuild, load, startServer, waitFor } from "./dashboard.bench";

const PORT = 3310;
const BASE = `http://127.0.0.1:${PORT}`;

async function routeUnderLoad(env: Record<string, string>): Promise<Awaited<ReturnType<typeof load>>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "bench-redis-"));
  const server = startServer(dataDir, env, PORT);
  try {
    await waitFor(`${BASE}/api/health`);
    const refresh = await fetch(`${BASE}/api/cron/refresh`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    if (!refresh.ok) throw new Error(`refresh answered ${refresh.status}`);
    await load(`${BASE}/api/reports/queues?view=last-24h`, 2);
    return await load(`${BASE}/api/reports/queues?view=last-24h`, 10);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchRedis(): Promise<void> {
  ensureBuild();
  const redis = await startRedisServer();
  try {
    const fromRedis = await routeUnderLoad({ REDIS_URL: redis.url });
    const fromFiles = await routeUnderLoad({ REDIS_URL: "" });
    const line = (r: typeof fromRedis) =>
      `${r.requests.average.toFixed(0)} req/s, p99 ${r.latency.p99} ms, errors ${r.errors + r.timeouts}, non-2xx ${r.non2xx}`;
    console.log("\n## Snapshot route, Redis vs file store (autocannon, 20 connections, 10 s, next start)");
    console.log(`  from Redis:      ${line(fromRedis)}`);
    console.log(`  from files:      ${line(fromFiles)}`);
    console.log(`  ratio Redis / files: ${(fromRedis.requests.average / fromFiles.requests.average).toFixed(2)}x`);

    await oneHourOfTicks(redis.url);
  } finally {
    await redis.stop();
  }
}

async function oneHourOfTicks(redisUrl: string): Promise<void> {
  const TICKS = 60; // one a minute for an hour
  const RATE_LIMIT = 300; // the simulator's default per-token limit, requests per minute
  const sim = await startSimulatorServer({ port: 0, rateLimitPerMinute: RATE_LIMIT });
  const client = createRedisClient(redisUrl, { warn: () => {} });
  const store = new RedisSnapshotStore(client, { prefix: "bench-hour:" });
  try {
    // Two instances share the store and the token cache, alternating ticks, as on a scaled-out host.
    const instances = [0, 1].map(() =>
      createGenesysClient({
        loginUrl: sim.url,
        apiUrl: sim.url,
        credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
        tokenCache: new RedisTokenCache(store, "bench-hour:"),
      }),
    );
    const start = Date.now();
    let failures = 0;
    for (let tick = 0; tick < TICKS; tick++) {
      const at = new Date(start + tick * 60_000);
      const summary = await refreshViews({
        store,
        client: instances[tick % 2]!,
        source: { mode: "genesys", environment: "bench", grant: "client_credentials" },
        timeZone: "UTC",
        now: () => at,
      });
      if (!summary.ok) failures++;
    }
    const stats = sim.sim.stats();
    const rateLimited = instances.reduce((n, c) => n + c.stats().rateLimited, 0);
    // Minimum: one aggregates query per view per tick, one page of queue names (cached for the
    // hour), one token (it lives 24 h).
    const minimum = TICKS * 3 + 1;
    console.log(`\n## One hour of cron ticks, fast-forwarded (${TICKS} ticks, 2 instances, simulator limit ${RATE_LIMIT}/min per token)`);
    console.log(`  API calls:       ${stats.apiRequests}   (minimum ${minimum}: 3 aggregates per tick + 1 queue page)`);
    console.log(`  token requests:  ${stats.tokenRequests}   (minimum 1)`);
    console.log(
      `  429 answers:     ${rateLimited}, failed refreshes: ${failures}, wall time ${((Date.now() - start) / 1000).toFixed(1)} s`,
    );
  } finally {
    client.disconnect();
    await sim.close();
  }
}
