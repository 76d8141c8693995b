/**
 * The official JavaScript SDK (purecloud-platform-client-v2) doing the export's paging, one
 * request at a time, NDJSON written the same way:
 * - jobs (the default): one job for the interval, 1,000 per page by cursor, deleted at the end;
 * - query: the details query a UTC day at a time, 100 per page until an empty page.
 * The SDK does not retry a 429 (platform-client-sdk-javascript ApiClient.js: no retry): like any caller, this loop reads the extended
 * response's Retry-After, waits and repeats the call.
 * Usage: GENESYS_CLIENT_ID=… GENESYS_CLIENT_SECRET=… node sdk.mjs URL INTERVAL OUT [jobs|query]
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const platformClient: any = require("purecloud-platform-client-v2");

const [url, interval, out, api = "jobs"] = process.argv.slice(2) as [string, string, string, string?];
// An export holds the conversations that started in its interval (lib/export/plan.ts); both
// APIs return more (activity in the interval, or started on a day it touches): keep the same ones.
const [from, to] = interval.split("/").map((t) => Date.parse(t)) as [number, number];
const startedInInterval = (c: { conversationStart?: string }) => {
  const t = Date.parse(c.conversationStart ?? "");
  return t >= from && t < to;
};
const { GENESYS_CLIENT_ID: clientId = "", GENESYS_CLIENT_SECRET: clientSecret = "" } = process.env;
const client = platformClient.ApiClient.instance;
client.config.live_reload_config = false;
const { port } = new URL(url);
client.setGateway({ host: "127.0.0.1", protocol: "http", port: Number(port) });
await client.loginClientCredentialsGrant(clientId, clientSecret);
client.setReturnExtendedResponses(true); // answers and failures with their status and headers
const analytics = new platformClient.AnalyticsApi();

type Extended<T> = { status: number; headers: Record<string, string>; body: T };
/** One SDK call; a 429 waits for Retry-After and goes again. The body. */
async function call<T>(request: () => Promise<Extended<T>>): Promise<T> {
  for (;;) {
    try {
      return (await request()).body;
    } catch (error) {
      const failure = error as Partial<Extended<unknown>>;
      if (failure.status !== 429) throw error;
      await new Promise((r) => setTimeout(r, Number(failure.headers?.["retry-after"] ?? "1") * 1000));
    }
  }
}

type Page = { conversations?: { conversationStart?: string }[]; cursor?: string };
const file = createWriteStream(out);
async function write(page: Page): Promise<void> {
  const kept = (page.conversations ?? []).filter(startedInInterval);
  if (kept.length && !file.write(`${kept.map((c: unknown) => JSON.stringify(c)).join("\n")}\n`)) await once(file, "drain");
}

if (api === "query") {
  const DAY = 86_400_000;
  for (let day = from; day < to; day += DAY) {
    const dayInterval = `${new Date(day).toISOString()}/${new Date(Math.min(to, day + DAY)).toISOString()}`;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await call<Page>(() =>
        analytics.postAnalyticsConversationsDetailsQuery({
          interval: dayInterval,
          order: "asc",
          orderBy: "conversationStart",
          paging: { pageSize: 100, pageNumber },
        }),
      );
      if (!page.conversations?.length) break;
      await write(page);
    }
  }
} else {
  const { jobId } = await call<{ jobId: string }>(() => analytics.postAnalyticsConversationsDetailsJobs({ interval }));
  for (;;) {
    const { state } = await call<{ state: string }>(() => analytics.getAnalyticsConversationsDetailsJob(jobId));
    if (state === "FULFILLED") break;
    if (state !== "QUEUED" && state !== "PENDING") throw new Error(`job ${state}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  let cursor: string | undefined;
  do {
    const page = await call<Page>(() =>
      analytics.getAnalyticsConversationsDetailsJobResults(jobId, { pageSize: 1000, ...(cursor ? { cursor } : {}) }),
    );
    await write(page);
    cursor = page.cursor;
  } while (cursor);
  await call(() => analytics.deleteAnalyticsConversationsDetailsJob(jobId));
}
file.end();
await once(file, "finish");
