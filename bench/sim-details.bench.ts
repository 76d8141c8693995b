/**
 * Issue 2: the simulator answers a 100-conversation details page in under 20 ms at the median.
 * Measured over loopback HTTP, beside a baseline in the same process: GET /api/v2/tokens/me on
 * the same server (the cost of HTTP, auth and headers with no data behind it).
 */
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { median, ms, percentile, timeRuns } from "./stats";

const RUNS = 60;

export async function benchSimDetails(): Promise<void> {
  const server = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0 });
  try {
    const tokenResponse = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const headers = { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" };
    const end = new Date();
    end.setUTCMinutes(0, 0, 0);
    const start = new Date(end.getTime() - 86_400_000);
    let page = 0;
    let sizes: number[] = [];
    const details = await timeRuns(RUNS, async () => {
      page = (page % 20) + 1; // different pages, so nothing is served from a cached answer
      const r = await fetch(`${server.url}/api/v2/analytics/conversations/details/query`, {
        method: "POST",
        headers,
        body: JSON.stringify({ interval: `${start.toISOString()}/${end.toISOString()}`, paging: { pageSize: 100, pageNumber: page } }),
      });
      const body = (await r.json()) as { conversations?: unknown[] };
      sizes.push(body.conversations?.length ?? 0);
    });
    const baseline = await timeRuns(RUNS, async () => {
      const r = await fetch(`${server.url}/api/v2/tokens/me`, { headers });
      await r.json();
    });
    sizes = sizes.filter((n) => n !== 100);
    console.log("\n## Simulator: one 100-conversation details page over loopback HTTP");
    console.log(
      `  details page median / p95:            ${ms(median(details))} / ${ms(percentile(details, 95))}   (target: median under 20 ms)`,
    );
    console.log(`  baseline GET /api/v2/tokens/me:       ${ms(median(baseline))}`);
    console.log(`  ratio details / baseline:             ${(median(details) / median(baseline)).toFixed(2)}x`);
    if (sizes.length > 0) console.log(`  WARNING: ${sizes.length} pages had fewer than 100 conversations`);
  } finally {
    await server.close();
  }
}
