/**
 * The floor for the export benchmark: the least a client can do on the same API. Plain fetch +
 * JSON.parse, no validation, no checkpoint, one request at a time, writing NDJSON.
 * - jobs (the default): create one job for the interval, wait, page its results by cursor (1,000
 *   per page), delete it;
 * - query: the details query a UTC day at a time, 100 per page until an empty page, as the loop
 *   a user writes first.
 * A 429 waits for its Retry-After and repeats the request (the simulator may enforce a limit).
 * Usage: GENESYS_CLIENT_ID=… GENESYS_CLIENT_SECRET=… node floor.mjs URL INTERVAL OUT [jobs|query]
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";

const [url, interval, out, api = "jobs"] = process.argv.slice(2) as [string, string, string, string?];
// An export holds the conversations that started in its interval (lib/export/plan.ts); both
// APIs return more (activity in the interval, or started on a day it touches): keep the same ones.
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

/** One request; a 429 waits for Retry-After and goes again. The body, parsed. */
async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  for (;;) {
    const response = await fetch(`${url}${path}`, { ...init, headers });
    if (response.status === 429) {
      await response.arrayBuffer();
      await new Promise((r) => setTimeout(r, Number(response.headers.get("retry-after") ?? "1") * 1000));
      continue;
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

type Page = { conversations?: { conversationStart?: string }[]; cursor?: string };
const file = createWriteStream(out);
async function write(page: Page): Promise<void> {
  const kept = (page.conversations ?? []).filter(startedInInterval);
  if (kept.length && !file.write(`${kept.map((c) => JSON.stringify(c)).join("\n")}\n`)) await once(file, "drain");
}

if (api === "query") {
  const DAY = 86_400_000;
  for (let day = from; day < to; day += DAY) {
    const dayInterval = `${new Date(day).toISOString()}/${new Date(Math.min(to, day + DAY)).toISOString()}`;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await call<Page>("/api/v2/analytics/conversations/details/query", {
        method: "POST",
        body: JSON.stringify({ interval: dayInterval, order: "asc", orderBy: "conversationStart", paging: { pageSize: 100, pageNumber } }),
      });
      if (!page.conversations?.length) break;
      await write(page);
    }
  }
} else {
  const jobs = "/api/v2/analytics/conversations/details/jobs";
  const { jobId } = await call<{ jobId: string }>(jobs, { method: "POST", body: JSON.stringify({ interval }) });
  for (;;) {
    const { state } = await call<{ state: string }>(`${jobs}/${jobId}`);
    if (state === "FULFILLED") break;
    if (state !== "QUEUED" && state !== "PENDING") throw new Error(`job ${state}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  let cursor: string | undefined;
  do {
    const page = await call<Page>(`${jobs}/${jobId}/results?pageSize=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    await write(page);
    cursor = page.cursor;
  } while (cursor);
  await call(`${jobs}/${jobId}`, { method: "DELETE" });
}
file.end();
await once(file, "finish");
