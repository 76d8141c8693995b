/**
 * The official JavaScript SDK (purecloud-platform-client-v2) doing the export's paging: the
 * same job, the same 1,000-per-page cursor paging, NDJSON written the same way.
 * Usage: GENESYS_CLIENT_ID=… GENESYS_CLIENT_SECRET=… node --import tsx bench/export/sdk.ts URL INTERVAL OUT
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const platformClient: any = require("purecloud-platform-client-v2");

const [url, interval, out] = process.argv.slice(2) as [string, string, string];
// An export holds the conversations that started in its interval (lib/export/plan.ts); a job
// returns every one with activity in it, so keep the same ones the export keeps.
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
const api = new platformClient.AnalyticsApi();

const { jobId } = await api.postAnalyticsConversationsDetailsJobs({ interval });
for (;;) {
  const { state } = await api.getAnalyticsConversationsDetailsJob(jobId);
  if (state === "FULFILLED") break;
  if (state !== "QUEUED" && state !== "PENDING") throw new Error(`job ${state}`);
  await new Promise((r) => setTimeout(r, 250));
}
const file = createWriteStream(out);
let cursor: string | undefined;
do {
  const page = await api.getAnalyticsConversationsDetailsJobResults(jobId, { pageSize: 1000, ...(cursor ? { cursor } : {}) });
  const kept = (page.conversations ?? []).filter(startedInInterval);
  if (kept.length && !file.write(`${kept.map((c: unknown) => JSON.stringify(c)).join("\n")}\n`)) await once(file, "drain");
  cursor = page.cursor;
} while (cursor);
file.end();
await once(file, "finish");
await api.deleteAnalyticsConversationsDetailsJob(jobId);
