/**
 * Issue 6: the export against its floor and against the official SDK, on one simulator.
 *
 * The simulator (in this process, rate limit off, jobs ready at once) serves an org at
 * `VOLUME`× the default traffic, so one weekday holds about 100,000 conversations. Three clients
 * page the same interval, each in its own child process (so each one's peak RSS is its own,
 * reported by the child at exit):
 * - export: `npm run export` as package.json defines it (tsx, its node flags, cli/export.ts):
 *   plans, paces, checkpoints, writes NDJSON;
 * - floor: plain fetch + JSON.parse over the same job API and page size, no validation;
 * - sdk: purecloud-platform-client-v2 doing the same paging.
 * Times are wall-clock from spawn to exit (node and tsx start-up included for all three); peak
 * RSS is each process's own (VmHWM), reported at its exit.
 * Targets: export ≤ 1.25× the floor; faster than the SDK; peak RSS < 150 MB at 20,000 and
 * 100,000 conversations; the three files hold the same set of conversation ids.
 */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { median } from "./stats";

const VOLUME = 22;
const ROUNDS = 3;
const root = path.resolve(import.meta.dirname, "..");
const CLIENTS = ["export", "floor", "sdk"] as const;
type ClientName = (typeof CLIENTS)[number];
type Run = { ms: number; rssBytes: number; out: string };

/** The last whole UTC weekday that ended at least a day ago: complete, and inside the history. */
function weekday(): { start: number; end: number } {
  const day = new Date();
  day.setUTCHours(0, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() - 2);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return { start: day.getTime(), end: day.getTime() + 86_400_000 };
}

const iso = (start: number, end: number) => `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;

/** `npm run export` as package.json defines it (tsx and its node flags), without npm in between. */
async function exportCommand(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const [bin, ...args] = pkg.scripts.export!.split(/\s+/);
  if (bin !== "tsx") throw new Error(`unexpected export script: ${pkg.scripts.export}`);
  return [path.join(root, "node_modules/.bin/tsx"), ...args];
}

async function runChild(client: ClientName, url: string, interval: string, dir: string, tag: string): Promise<Run> {
  const out = path.join(dir, `${client}-${tag}.ndjson`);
  const rssFile = path.join(dir, `${client}-${tag}.rss`);
  const [command, ...args] =
    client === "export"
      ? [...(await exportCommand()), "--interval", interval, "--out", out, "--format", "ndjson"]
      : [process.execPath, "--import", "tsx", "--conditions=react-server", `bench/export/${client}.ts`, url, interval, out];
  const env = {
    ...process.env,
    GENESYS_CLIENT_ID: SIM_CLIENT_ID,
    GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
    GENESYS_LOGIN_URL: url,
    GENESYS_API_URL: url,
    BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: `--require ${path.join(root, "bench/export/report-rss.cjs")}`,
  };
  const started = performance.now();
  const child = spawn(command!, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${client} exited ${code}: ${stderr.trim()}`);
  const peaks = (await readFile(rssFile, "utf8")).trim().split("\n").map(Number);
  return { ms, rssBytes: Math.max(...peaks), out };
}

/** The conversation ids of an NDJSON file, and whether any repeats. */
async function idsOf(file: string): Promise<{ ids: Set<string>; lines: number }> {
  const ids = new Set<string>();
  let lines = 0;
  const pattern = /"conversationId":"([^"]+)"/;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue;
    lines++;
    const id = pattern.exec(line)?.[1];
    if (id) ids.add(id);
  }
  return { ids, lines };
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((id) => b.has(id));
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchExport(): Promise<void> {
  // detailsQueryRequiresActivity: the sizing probe below counts conversations active in a
  // stretch of the day (without it, any part of a day counts the whole day's conversations).
  const server = await startSimulatorServer({
    port: 0,
    volume: VOLUME,
    rateLimitPerMinute: 0,
    jobDelayMs: 0,
    detailsQueryRequiresActivity: true,
  });
  const dir = await mkdtemp(path.join(tmpdir(), "export-bench-"));
  try {
    const token = (await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    }).then((r) => r.json())) as { access_token: string };
    const totalHits = async (interval: string) => {
      const r = await fetch(`${server.url}/api/v2/analytics/conversations/details/query`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ interval, paging: { pageSize: 1, pageNumber: 1 } }),
      });
      return ((await r.json()) as { totalHits: number }).totalHits;
    };

    const day = weekday();
    // The 20k interval: the day's first quarter hours, as many as it takes.
    let quarters = 1;
    while (quarters < 96 && (await totalHits(iso(day.start, day.start + quarters * 900_000))) < 20_000) quarters++;
    const sizes = [
      { tag: "20k", interval: iso(day.start, day.start + quarters * 900_000), rounds: ROUNDS },
      { tag: "100k", interval: iso(day.start, day.end), rounds: ROUNDS },
    ];

    console.log(`\n## Export: ${VOLUME}x simulator volume, each client in its own process`);
    for (const size of sizes) {
      const expected = await totalHits(size.interval);
      console.log(`  ${size.tag}: ${size.interval} (totalHits ${expected}), ${size.rounds} round(s), median time`);
      const runs: Record<ClientName, Run[]> = { export: [], floor: [], sdk: [] };
      for (let round = 0; round < size.rounds; round++) {
        // Rotate the order so no client always runs first (warm caches, a noisy neighbour).
        for (let i = 0; i < CLIENTS.length; i++) {
          const client = CLIENTS[(i + round) % CLIENTS.length]!;
          const run = await runChild(client, server.url, size.interval, dir, `${size.tag}-${round}`);
          runs[client].push(run);
        }
      }
      const time = (c: ClientName) => median(runs[c].map((r) => r.ms));
      const rss = (c: ClientName) => Math.max(...runs[c].map((r) => r.rssBytes));
      const sets = await Promise.all(CLIENTS.map((c) => idsOf(runs[c][0]!.out)));
      const [exp, floor, sdk] = sets as [
        Awaited<ReturnType<typeof idsOf>>,
        Awaited<ReturnType<typeof idsOf>>,
        Awaited<ReturnType<typeof idsOf>>,
      ];
      const bytes = (await stat(runs.export[0]!.out)).size;
      for (const c of CLIENTS) {
        console.log(`    ${c.padEnd(7)} ${s(time(c)).padStart(8)}   peak RSS ${mb(rss(c)).padStart(7)}`);
      }
      console.log(`    export / floor: ${(time("export") / time("floor")).toFixed(2)}x   (target ≤ 1.25x)`);
      console.log(
        `    sdk / export:   ${(time("sdk") / time("export")).toFixed(2)}x   (the export is ${time("sdk") > time("export") ? "faster" : "SLOWER"})`,
      );
      console.log(`    export peak RSS at ${exp.lines} conversations: ${mb(rss("export"))}   (target < 150 MB)`);
      const same = sameSet(exp.ids, floor.ids) && sameSet(exp.ids, sdk.ids);
      const unique = exp.ids.size === exp.lines;
      console.log(
        `    ids: export ${exp.ids.size} (${unique ? "each once" : `${exp.lines - exp.ids.size} DUPLICATES`}), floor ${floor.ids.size}, sdk ${sdk.ids.size}: ${same ? "the same set" : "DIFFERENT SETS"}; ${mb(bytes)} of NDJSON`,
      );
      for (const c of CLIENTS) for (const r of runs[c]) await rm(r.out, { force: true });
    }
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
