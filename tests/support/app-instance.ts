/**
 * A real app instance for the reliability suite: `next start` of the production build on a free
 * loopback port, configured by environment like a deployment. `npm test` builds before it runs
 * this suite.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "./ports";

const root = path.resolve(__dirname, "../..");

export type AppInstance = {
  url: string;
  get(pathname: string, headers?: Record<string, string>): Promise<Response>;
  kill(): Promise<void>;
  stop(): Promise<void>;
};

export async function startAppInstance(env: Record<string, string>): Promise<AppInstance> {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) throw new Error("no production build: run `npx next build` first (npm test does)");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    path.join(root, "node_modules/.bin/next"),
    ["start", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true, // its own process group: kill() takes next-server's worker with it
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exit = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
    await exited;
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`app instance exited at start: ${stderr}`);
    try {
      if ((await fetch(`${url}/api/health`)).status < 500) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    get: (pathname, headers = {}) => fetch(`${url}${pathname}`, { headers }),
    kill: () => exit("SIGKILL"),
    stop: () => exit("SIGTERM"),
  };
}
