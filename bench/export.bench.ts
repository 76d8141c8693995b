/**
 * The export against its floor and against the official SDK, and the sync beside the export, on
 * the simulator (`npm run bench -- export`).
 *
 * The simulator (in this process, at 5× the default traffic) has its clock set to today's UTC
 * midnight, so every day before today is complete and does not change while the clients read it,
 * and `npm run sync`, which syncs through today, syncs the same days. Two intervals: the last
 * whole weekday (~20,000 conversations) and the last whole days adding up to ~100,000. Two
 * regimes (REGIMES): the rate limit off with jobs ready at once (as this benchmark always ran),
 * then the simulator's default 300 requests a minute with 300 ms jobs. Each client runs in its
 * own process, started directly (no npm in between), so each one's peak RSS is its own (VmHWM,
 * reported at exit by bench/export/report-rss.cjs):
 * - export: `npm run export` as package.json defines it (node, its flags, dist/cli/export.mjs):
 *   plans (probes and a speculative job at once), chooses, paces, checkpoints, writes NDJSON;
 * - floor: a sequential fetch + JSON.parse loop, no validation (bench/export/floor.ts);
 * - sdk: purecloud-platform-client-v2 doing the same paging (bench/export/sdk.ts);
 * - sync (~100k only): `npm run sync` as package.json defines it, a fresh DuckDB file in a
 *   temporary directory, `--since` the interval's first day.
 * floor.ts and sdk.ts are bundled with esbuild first (node_modules/.cache), so every client starts as
 * plain JavaScript: no TypeScript compiler in anyone's time. Times are wall-clock from spawn to
 * exit, the median of the rounds; the order rotates every round.
 * Targets: export ≤ 1.0× the floor at ~20k; the SDK ≥ 10× the export's time at ~100k; export peak
 * RSS < 150 MB at both sizes (flat); sync ≤ 1.5× the export at ~100k; the export, floor and SDK
 * files hold the same set of conversation ids.
 */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, runningClockFrom, startSimulatorServer } from "@/lib/sim";
import { scriptCommand } from "../tests/support/cli";
import { median } from "./stats";

const VOLUME = 5;
const ROUNDS = 3;
const DAY_MS = 86_400_000;
const root = path.resolve(import.meta.dirname, "..");
const CLIENTS = ["export", "floor", "sdk"] as const;
type ClientName = (typeof CLIENTS)[number] | "sync";
type Run = { ms: number; rssBytes: number; out: string; stderr: string };
type Command = { bin: string; args: string[] };

const iso = (start: number, end: number) => `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);
const isWeekday = (at: number) => ![0, 6].includes(new Date(at).getUTCDay());

/** floor.ts and sdk.ts as plain JavaScript, under node_modules/.cache (so their packages resolve from the project, and no linter reads them). */
async function buildBaselines(): Promise<Record<"floor" | "sdk", Command>> {
  const outdir = path.join(root, "node_modules/.cache/export-bench");
  await build({
    absWorkingDir: root,
    entryPoints: ["bench/export/floor.ts", "bench/export/sdk.ts"],
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return {
    floor: { bin: process.execPath, args: [path.join(outdir, "floor.mjs")] },
    sdk: { bin: process.execPath, args: [path.join(outdir, "sdk.mjs")] },
  };
}

/** Runs one client to its exit: wall time from spawn, its peak RSS (the largest its processes reported). */
async function runChild(name: ClientName, command: Command, args: string[], env: Record<string, string>, rssFile: string, out: string) {
  const started = performance.now();
  const child = spawn(command.bin, [...command.args, ...args], {
    cwd: root,
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${path.join(root, "bench/export/report-rss.cjs")}` },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${name} exited ${code}: ${stderr.trim()}`);
  const peaks = (await readFile(rssFile, "utf8")).trim().split("\n").map(Number);
  return { ms, rssBytes: Math.max(...peaks), out, stderr: stderr.trim() } satisfies Run;
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

/** Bytes of a DuckDB database: its file, and a write-ahead log if one was left. */
async function databaseBytes(file: string): Promise<number> {
  const names = (await readdir(path.dirname(file))).filter((n) => n === path.basename(file) || n === `${path.basename(file)}.wal`);
  const sizes = await Promise.all(names.map(async (n) => (await stat(path.join(path.dirname(file), n))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((id) => b.has(id));
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

type Regime = {
  title: string;
  sim: { rateLimitPerMinute: number; jobDelayMs: number };
  /** The API the floor and SDK loops page. */
  baselineApi: "jobs" | "query";
  /** Rounds per size (the median is printed). */
  rounds: Record<"20k" | "100k", number>;
};

/**
 * Two simulators in turn, the same org and data (seed, volume and clock), differing in limits:
 * - as before: rate limit off and jobs ready at once; the floor and SDK page the same job API as
 *   the export (the strictest floor: the same requests, nothing else to do);
 * - the simulator's defaults (300 requests a minute per token, jobs ready after 300 ms) and the
 *   loops a user writes first, the details query 100 per page (the issue's baseline: past
 *   ~28,000 conversations its requests outrun the window).
 */
const REGIMES: Regime[] = [
  {
    title: "rate limit off, jobs ready at once; floor and SDK page one job",
    sim: { rateLimitPerMinute: 0, jobDelayMs: 0 },
    baselineApi: "jobs",
    rounds: { "20k": ROUNDS, "100k": ROUNDS },
  },
  {
    title: "the simulator's defaults, 300 requests/min per token and jobs ready after 300 ms; floor and SDK page the details query",
    sim: { rateLimitPerMinute: 300, jobDelayMs: 300 },
    baselineApi: "query",
    // The loops wait minutes for the window at ~100k, the same every time: once is enough.
    rounds: { "20k": ROUNDS, "100k": 1 },
  },
];

export async function benchExport(): Promise<void> {
  const baselines = await buildBaselines();
  const [exportCommand, syncCommand] = [scriptCommand("export"), scriptCommand("sync")];
  const commands: Record<ClientName, Command> = { export: exportCommand, sync: syncCommand, ...baselines };
  console.log(`\n## Export: simulator at volume ${VOLUME}, each client in its own process, wall time from spawn to exit`);
  for (const regime of REGIMES) await benchRegime(regime, commands);
}

async function benchRegime(regime: Regime, commands: Record<ClientName, Command>): Promise<void> {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const midnight = today.getTime();
  // detailsQueryRequiresActivity: the sizing probe below counts conversations active in a
  // stretch of the day (without it, any part of a day counts the whole day's conversations).
  const server = await startSimulatorServer({
    port: 0,
    volume: VOLUME,
    ...regime.sim,
    detailsQueryRequiresActivity: true,
    now: runningClockFrom(midnight),
  });
  const dir = await mkdtemp(path.join(tmpdir(), "export-bench-"));
  try {
    const env = {
      GENESYS_CLIENT_ID: SIM_CLIENT_ID,
      GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
      GENESYS_LOGIN_URL: server.url,
      GENESYS_API_URL: server.url,
    };
    const token = (await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    }).then((r) => r.json())) as { access_token: string };
    const totalHits = async (start: number, end: number) => {
      let hits = 0;
      for (let at = start; at < end; at += 7 * DAY_MS) {
        const r = await fetch(`${server.url}/api/v2/analytics/conversations/details/query`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token.access_token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ interval: iso(at, Math.min(end, at + 7 * DAY_MS)), paging: { pageSize: 1, pageNumber: 1 } }),
        });
        hits += ((await r.json()) as { totalHits: number }).totalHits;
      }
      return hits;
    };

    // ~20k: the last whole weekday. ~100k: the last whole days, as many as come closest to 100,000.
    let weekday = midnight - DAY_MS;
    while (!isWeekday(weekday)) weekday -= DAY_MS;
    let first = midnight - DAY_MS;
    let total = await totalHits(first, midnight);
    for (;;) {
      const more = total + (await totalHits(first - DAY_MS, first));
      if (Math.abs(more - 100_000) > Math.abs(total - 100_000)) break;
      first -= DAY_MS;
      total = more;
    }
    const sizes = [
      { tag: "20k" as const, start: weekday, end: weekday + DAY_MS },
      { tag: "100k" as const, start: first, end: midnight },
    ];

    console.log(`\n### ${regime.title}`);
    const exportRss: number[] = [];
    for (const size of sizes) {
      const interval = iso(size.start, size.end);
      const days = Math.round((size.end - size.start) / DAY_MS);
      const rounds = regime.rounds[size.tag];
      console.log(
        `  ${size.tag}: ${interval} (${days} day${days === 1 ? "" : "s"}, totalHits ${await totalHits(size.start, size.end)}), ` +
          `${rounds} round${rounds === 1 ? "" : "s"}${rounds > 1 ? ", median time" : ""}`,
      );
      const runs: Record<ClientName, Run[]> = { export: [], floor: [], sdk: [], sync: [] };
      const clients: ClientName[] = size.tag === "100k" ? [...CLIENTS, "sync"] : [...CLIENTS];
      for (let round = 0; round < rounds; round++) {
        // Rotate the order so no client always runs first (warm caches, a noisy neighbour).
        for (let i = 0; i < clients.length; i++) {
          const client = clients[(i + round) % clients.length]!;
          const tag = `${client}-${size.tag}-${round}`;
          const out = path.join(dir, client === "sync" ? `${tag}.duckdb` : `${tag}.ndjson`);
          const args =
            client === "export"
              ? ["--interval", interval, "--out", out, "--format", "ndjson"]
              : client === "sync"
                ? ["--db", out, "--since", isoDay(size.start)]
                : [server.url, interval, out, regime.baselineApi];
          runs[client].push(await runChild(client, commands[client], args, env, path.join(dir, `${tag}.rss`), out));
        }
      }
      const time = (c: ClientName) => median(runs[c].map((r) => r.ms));
      const rss = (c: ClientName) => Math.max(...runs[c].map((r) => r.rssBytes));
      const [exp, floor, sdk] = await Promise.all(CLIENTS.map((c) => idsOf(runs[c][0]!.out)));
      const bytes = (await stat(runs.export[0]!.out)).size;
      for (const c of clients) console.log(`    ${c.padEnd(7)} ${s(time(c)).padStart(8)}   peak RSS ${mb(rss(c)).padStart(7)}`);
      console.log(`    export: ${runs.export[0]!.stderr.replace(/ to \S+/, "")}`);
      console.log(`    export / floor: ${ratio(time("export"), time("floor"))}   (target ≤ 1.0x at ~20k)`);
      console.log(`    sdk / export:   ${ratio(time("sdk"), time("export"))}   (target ≥ 10x at ~100k)`);
      const same = sameSet(exp!.ids, floor!.ids) && sameSet(exp!.ids, sdk!.ids);
      const unique = exp!.ids.size === exp!.lines;
      console.log(
        `    ids: export ${exp!.ids.size} (${unique ? "each once" : `${exp!.lines - exp!.ids.size} DUPLICATES`}), floor ${floor!.ids.size}, sdk ${sdk!.ids.size}: ${same ? "the same set" : "DIFFERENT SETS"}; ${mb(bytes)} of NDJSON`,
      );
      exportRss.push(rss("export"));
      if (size.tag === "100k") {
        const sync = runs.sync[0]!;
        console.log(`    sync: ${sync.stderr.replace(/ into \S+/, "")}`);
        console.log(
          `    sync / export:  ${ratio(time("sync"), time("export"))}   (target ≤ 1.5x); database ${mb(await databaseBytes(sync.out))}`,
        );
      }
      for (const c of clients) for (const r of runs[c]) await rm(r.out, { force: true });
    }
    console.log(`  export peak RSS: ${exportRss.map(mb).join(" at ~20k, ")} at ~100k   (target < 150 MB, flat)`);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
