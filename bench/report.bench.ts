/**
 * Issue 2: a 7-day report at PT1H over a simulated org of 200 queues, end to end (cold token,
 * one aggregates query, every queue page, report built) over loopback HTTP. Printed beside a
 * baseline measured in the same process: the simulator answering the same aggregates query to a
 * plain fetch with a ready token, so the ratio is the cost of our client and report on top.
 */
import { createGenesysClient } from "@/lib/genesys";
import { aggregatesQueryFor, runQueueReport } from "@/lib/reports/run";
import { parseWindow } from "@/lib/reports/views";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { median, ms, timeRuns } from "./stats";

const QUEUES = 200;
const PAGE_SIZE = 100;
const RUNS = 7;

export async function benchReport(): Promise<void> {
  const server = await startSimulatorServer({ port: 0, queueCount: QUEUES, rateLimitPerMinute: 0 });
  try {
    const end = new Date();
    end.setUTCMinutes(0, 0, 0);
    const start = new Date(end.getTime() - 7 * 86_400_000);
    const window = parseWindow({ interval: `${start.toISOString()}/${end.toISOString()}`, granularity: "PT1H" });
    const source = { mode: "simulator", environment: "bench", grant: "client_credentials" } as const;

    // Warm the simulator's generator once so both sides measure steady state.
    const warm = createGenesysClient({
      loginUrl: server.url,
      apiUrl: server.url,
      credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
    });
    await runQueueReport(warm, { window, source });

    let calls = 0;
    let queueCount = 0;
    const endToEnd = await timeRuns(RUNS, async () => {
      server.sim.resetStats();
      const client = createGenesysClient({
        loginUrl: server.url,
        apiUrl: server.url,
        credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
      });
      const report = await runQueueReport(client, { window, source });
      const stats = server.sim.stats();
      calls = stats.tokenRequests + stats.apiRequests;
      queueCount = report.queues.length;
    });

    const tokenResponse = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const baseline = await timeRuns(RUNS, async () => {
      const r = await fetch(`${server.url}/api/v2/analytics/conversations/aggregates/query`, {
        method: "POST",
        headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
        body: JSON.stringify(aggregatesQueryFor(window)),
      });
      await r.json();
    });

    const expectedCalls = 2 + Math.ceil(QUEUES / PAGE_SIZE);
    console.log("\n## Queue report: last 7 days at PT1H, 200 queues (168 buckets), end to end over loopback HTTP");
    console.log(`  end to end (median of ${RUNS}):        ${ms(median(endToEnd))}   (target: well under 2000 ms)`);
    console.log(`  baseline, bare aggregates fetch:      ${ms(median(baseline))}`);
    console.log(`  ratio end-to-end / baseline:          ${(median(endToEnd) / median(baseline)).toFixed(2)}x`);
    console.log(
      `  API calls per report:                 ${calls} (expected 2 + ceil(${QUEUES}/${PAGE_SIZE}) = ${expectedCalls}) ${calls === expectedCalls ? "OK" : "MISMATCH"}`,
    );
    console.log(`  queues in the report:                 ${queueCount}`);
  } finally {
    await server.close();
  }
}
