/**
 * Issue 3: the dashboard as users and monitors meet it, against `next start` in simulator mode.
 * - the snapshot route from the file store under an HTTP load (autocannon), beside a baseline in
 *   the same run: a static file served by the same server;
 * - the first-load JavaScript of `/` (gzip, what the browser downloads before the page works);
 * - time to first chart on `/` in headless Chromium, beside the same loads' DOMContentLoaded.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { median, ms } from "./stats";

type AutocannonResult = {
  requests: { average: number };
  latency: { p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
};
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
}) => Promise<AutocannonResult>;

const PORT = 3300;
const BASE = `http://127.0.0.1:${PORT}`;
const CRON_SECRET = "bench-cron-secret-0123456789";
const root = path.resolve(import.meta.dirname, "..");

export async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

export function startServer(dataDir: string, extraEnv: Record<string, string> = {}, port = PORT): ChildProcess {
  return spawn(path.join(root, "node_modules/.bin/next"), ["start", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      GENESYS_CLIENT_ID: "",
      GENESYS_CLIENT_SECRET: "",
      GENESYS_LOGIN_URL: "",
      GENESYS_API_URL: "",
      REDIS_URL: "",
      DATA_DIR: dataDir,
      CRON_SECRET,
      REFRESH_SCHEDULE: "off",
      ...extraEnv,
    },
    stdio: "ignore",
  });
}

export async function load(url: string, seconds: number): Promise<AutocannonResult> {
  return autocannon({ url, connections: 20, duration: seconds });
}

export function ensureBuild(): void {
  if (existsSync(path.join(root, ".next/BUILD_ID"))) return;
  console.log("(building the app first: next build)");
  const build = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("next build failed");
}

export { CRON_SECRET };

export async function benchDashboard(): Promise<void> {
  ensureBuild();
  const dataDir = await mkdtemp(path.join(tmpdir(), "bench-dashboard-"));
  const server = startServer(dataDir);
  try {
    await waitFor(`${BASE}/api/health`);
    const refresh = await fetch(`${BASE}/api/cron/refresh`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    if (!refresh.ok) throw new Error(`refresh answered ${refresh.status}`);

    // Warm both paths, then measure; the baseline runs in the same process, minutes apart at most.
    await load(`${BASE}/api/reports/queues?view=last-24h`, 2);
    const snapshot = await load(`${BASE}/api/reports/queues?view=last-24h`, 10);
    const baseline = await load(`${BASE}/robots.txt`, 10);
    console.log("\n## Snapshot route from the file store (autocannon, 20 connections, 10 s, next start)");
    console.log(
      `  GET /api/reports/queues?view=last-24h: ${snapshot.requests.average.toFixed(0)} req/s, p99 ${snapshot.latency.p99} ms, errors ${snapshot.errors + snapshot.timeouts}, non-2xx ${snapshot.non2xx}   (target ≥ 1000 req/s, 0 errors)`,
    );
    console.log(`  baseline GET /robots.txt (static):     ${baseline.requests.average.toFixed(0)} req/s, p99 ${baseline.latency.p99} ms`);
    console.log(`  ratio snapshot / static:               ${(snapshot.requests.average / baseline.requests.average).toFixed(2)}x`);

    const browser = await chromium.launch({
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking"],
    });
    try {
      // First-load JavaScript as `next build` used to report it: the scripts the HTML itself loads
      // (not the polyfills modern browsers skip, not chunks loaded later on demand), gzip-compressed.
      const html = await (await fetch(`${BASE}/`)).text();
      const initial = [...html.matchAll(/<script\b([^>]*)\bsrc="([^"]+)"([^>]*)>/g)]
        .filter((m) => !/\bnoModule\b|\bnomodule\b/.test(`${m[1]}${m[3]}`))
        .map((m) => m[2]!.replace(/&amp;/g, "&"));
      let firstLoad = 0;
      for (const src of new Set(initial)) firstLoad += gzipSync(Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer())).length;

      // Everything the browser downloads before the first chart is drawn, charts chunk included.
      const page = await browser.newPage();
      const scripts = new Map<string, number>();
      page.on("response", async (response) => {
        if (response.request().resourceType() !== "script") return;
        const body = await response.body().catch(() => null);
        if (body) scripts.set(response.url(), gzipSync(body).length);
      });
      await page.goto(`${BASE}/`, { waitUntil: "networkidle" });
      await page.close();
      const everything = [...scripts.values()].reduce((a, b) => a + b, 0);
      console.log("\n## First-load JavaScript of /");
      console.log(
        `  first-load JS (scripts in the HTML, gzip): ${(firstLoad / 1024).toFixed(1)} kB in ${new Set(initial).size} scripts   (target ≤ 250 kB)`,
      );
      console.log(
        `  all JS by the first chart (charts chunk loaded after the page, polyfills): ${(everything / 1024).toFixed(1)} kB in ${scripts.size} scripts`,
      );

      // Time to first chart, each load in a fresh context (nothing cached).
      const chart: number[] = [];
      const domReady: number[] = [];
      for (let i = 0; i < 7; i++) {
        const context = await browser.newContext();
        const p = await context.newPage();
        await p.goto(`${BASE}/`, { waitUntil: "commit" });
        await p.waitForSelector(".recharts-surface", { timeout: 30_000 });
        chart.push(await p.evaluate(() => performance.now()));
        domReady.push(
          await p.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd),
        );
        await context.close();
      }
      console.log("\n## Time to first chart on / (headless Chromium, localhost, 7 cold loads)");
      console.log(`  median time to first .recharts-surface: ${ms(median(chart))}   (target < 1500 ms)`);
      console.log(`  baseline median DOMContentLoaded:       ${ms(median(domReady))}`);
      console.log(`  ratio chart / DOMContentLoaded:         ${(median(chart) / median(domReady)).toFixed(2)}x`);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  }
}
