/**
 * The floor for the export benchmark: the least a client can do on the same API path. Plain
 * fetch + JSON.parse, no validation, no checkpoint: create the job, wait, page the results by
 * cursor (1,000 per page), write NDJSON, delete the job.
 * Usage: GENESYS_CLIENT_ID=… GENESYS_CLIENT_SECRET=… node --import tsx bench/export/floor.ts URL INTERVAL OUT
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";

const [url, interval, out] = process.argv.slice(2) as [string, string, string];
// An export holds the conversations that started in its interval (lib/export/plan.ts); a job
// returns every one with activity in it, so keep the same ones the export keeps.
const [from, to] = interval.split("/").map((t) => Date.parse(t)) as [number, number];
const startedInInterval = (c: { conversationStart?: string }) => {
  const t = Date.parse(c.conversationStart ?? "");
  return t >= from && t < to;
};
const { GENESYS_CLIENT_ID: clientId = "", GENESYS_CLIENT_SECRET: clientSecret = "" } = process.env;
const token = await fetch(`${url}/oauth/token`, {
  method: "POST",
  headers: {
    Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
    "Content-Type": "application/x-www-form-urlencoded",
  },
  body: "grant_type=client_credentials",
}).then((r) => r.json() as Promise<{ access_token: string }>);
const headers = { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" };
const jobs = `${url}/api/v2/analytics/conversations/details/jobs`;

const { jobId } = (await (await fetch(jobs, { method: "POST", headers, body: JSON.stringify({ interval }) })).json()) as { jobId: string };
for (;;) {
  const { state } = (await (await fetch(`${jobs}/${jobId}`, { headers })).json()) as { state: string };
  if (state === "FULFILLED") break;
  if (state !== "QUEUED" && state !== "PENDING") throw new Error(`job ${state}`);
  await new Promise((r) => setTimeout(r, 250));
}
const file = createWriteStream(out);
let cursor: string | undefined;
do {
  const page = JSON.parse(
    await (
      await fetch(`${jobs}/${jobId}/results?pageSize=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers })
    ).text(),
  ) as {
    conversations?: { conversationStart?: string }[];
    cursor?: string;
  };
  const kept = (page.conversations ?? []).filter(startedInInterval);
  if (kept.length && !file.write(`${kept.map((c) => JSON.stringify(c)).join("\n")}\n`)) await once(file, "drain");
  cursor = page.cursor;
} while (cursor);
file.end();
await once(file, "finish");
await fetch(`${jobs}/${jobId}`, { method: "DELETE", headers });
