/**
 * Issue 15: the live wallboard's stream under load, against `next start` and a standalone
 * simulator (the app in genesys mode, as on a real org), on this machine.
 * - 1,000 concurrent `GET /api/live/stream` viewers: the delay from a snapshot change to its
 *   delivery (p50/p99), beside the same server pushing to one viewer; the server's memory per viewer.
 * - Genesys calls per minute with 1,000 viewers, against 60 / LIVE_POLL_SECONDS.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, startSimulatorServer } from "@/lib/sim";
import { ensureBuild, startServer, waitFor } from "./dashboard.bench";
import { openSse } from "../tests/support/sse";
import { percentile } from "./stats";

const PORT = 3310;
const BASE = `http://127.0.0.1:${PORT}`;
const POLL_SECONDS = 2;
const VIEWERS = 1000;
const OBSERVATIONS = "POST /api/v2/analytics/queues/observations/query";

type Viewer = { arrivals: Map<string, number>; close(): void };

/** One SSE viewer: when each snapshot (by observedAt) arrived. */
async function openViewer(): Promise<Viewer> {
  const arrivals = new Map<string, number>();
  const viewer = await openSse(`${BASE}/api/live/stream`, (event, data) => {
    const at = data.indexOf('"observedAt":"');
    if (event === "snapshot" && at >= 0) arrivals.set(data.slice(at + 14, at + 38), Date.now());
  });
  return { arrivals, close: viewer.close };
}

/** Resident memory of the server and its children, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  // ps exits 1 when the process has no children.
  const listed = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" }).stdout ?? "";
  const children = listed.split(/\s+/).filter(Boolean).map(Number);
  let kb = 0;
  try {
    kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    // gone
  }
  return kb * 1024 + children.reduce((sum, child) => sum + treeRss(child), 0);
}

/** Delays (ms) from each snapshot's observation to its arrival, for snapshots every viewer got. */
function delays(viewers: Viewer[], seconds: number): { sinceObserved: number[]; sinceFirst: number[]; snapshots: number } {
  const sinceObserved: number[] = [];
  const sinceFirst: number[] = [];
  const keys = [...viewers[0]!.arrivals.keys()].slice(1); // the first one is the snapshot sent on connect
  let snapshots = 0;
  for (const key of keys) {
    const times = viewers.map((v) => v.arrivals.get(key)).filter((t): t is number => t !== undefined);
    if (times.length < viewers.length) continue;
    snapshots++;
    const first = Math.min(...times);
    for (const t of times) {
      sinceObserved.push(t - Date.parse(key));
      sinceFirst.push(t - first);
    }
  }
  void seconds;
  return { sinceObserved, sinceFirst, snapshots };
}

async function watch(count: number, seconds: number, pid: number) {
  const viewers: Viewer[] = [];
  for (let i = 0; i < count; i += 100) viewers.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, openViewer))));
  await new Promise((r) => setTimeout(r, 1500));
  const rss = treeRss(pid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  for (const v of viewers) v.close();
  return { ...delays(viewers, seconds), rss };
}

export async function benchLive(): Promise<void> {
  ensureBuild();
  const sim = await startSimulatorServer({ port: 0 });
  const dataDir = await mkdtemp(path.join(tmpdir(), "bench-live-"));
  const server = startServer(
    dataDir,
    {
      GENESYS_CLIENT_ID: SIM_CLIENT_ID,
      GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
      GENESYS_LOGIN_URL: sim.url,
      GENESYS_API_URL: sim.url,
      DASHBOARD_ACCESS: "public",
      LIVE_POLL_SECONDS: String(POLL_SECONDS),
      LIVE_SOURCE: "poll",
    },
    PORT,
  );
  try {
    await waitFor(`${BASE}/api/health`);
    await fetch(`${BASE}/api/live/queues`); // the first observation, and the route compiled and warm
    const idleRss = treeRss(server.pid!);
    const one = await watch(1, 20, server.pid!);
    sim.sim.resetStats();
    const startedAt = Date.now();
    const many = await watch(VIEWERS, 30, server.pid!);
    const minutes = (Date.now() - startedAt) / 60_000;
    const queries = sim.sim.stats().byRoute[OBSERVATIONS] ?? 0;

    const p = (xs: number[], q: number) => `${percentile(xs, q).toFixed(0)} ms`;
    console.log(`\n## Live stream (next start, genesys mode on a standalone simulator, LIVE_POLL_SECONDS=${POLL_SECONDS})`);
    console.log(
      `  ${VIEWERS} viewers: ${many.snapshots} snapshots reached every viewer; delay from observation p50 ${p(many.sinceObserved, 50)}, p99 ${p(many.sinceObserved, 99)}; spread after the first viewer p50 ${p(many.sinceFirst, 50)}, p99 ${p(many.sinceFirst, 99)}`,
    );
    console.log(
      `  baseline, 1 viewer:  ${one.snapshots} snapshots; delay from observation p50 ${p(one.sinceObserved, 50)}, p99 ${p(one.sinceObserved, 99)}`,
    );
    console.log(
      `  ratio p99 ${VIEWERS} viewers / 1 viewer: ${(percentile(many.sinceObserved, 99) / percentile(one.sinceObserved, 99)).toFixed(2)}x`,
    );
    console.log(
      `  server memory: ${(idleRss / 2 ** 20).toFixed(0)} MB idle, ${(one.rss / 2 ** 20).toFixed(0)} MB with 1 viewer, ${(many.rss / 2 ** 20).toFixed(0)} MB with ${VIEWERS}: ${((many.rss - one.rss) / (VIEWERS - 1) / 1024).toFixed(1)} kB per viewer`,
    );
    console.log(
      `  Genesys observations queries with ${VIEWERS} viewers: ${(queries / minutes).toFixed(1)} per minute (limit by design: 60 / LIVE_POLL_SECONDS = ${60 / POLL_SECONDS})`,
    );
  } finally {
    server.kill("SIGTERM");
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
