/**
 * A real redis-server for tests, on a free loopback port, with an append-only file so that a
 * killed and restarted server keeps its data (as a managed Redis would). `npm test` installs
 * Debian's redis-server when it is missing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./ports";

const BINARY = process.env.REDIS_SERVER_BIN ?? "/usr/bin/redis-server";

export type TestRedis = {
  url: string;
  port: number;
  /** SIGKILL, like a crashed or unreachable Redis. */
  kill(): Promise<void>;
  /** Start again on the same port and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"));
    socket.setTimeout(500, () => (socket.destroy(), resolve(false)));
    socket.once("data", (data) => (socket.end(), resolve(data.toString().startsWith("+PONG"))));
    socket.once("error", () => resolve(false));
  });
}

export async function startRedisServer(): Promise<TestRedis> {
  if (!existsSync(BINARY))
    throw new Error(`redis-server is not installed at ${BINARY}: run \`npm test\`, which installs it, or apt-get install redis-server`);
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "test-redis-"));
  let child: ChildProcess | undefined;

  const launch = async () => {
    child = spawn(
      BINARY,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir],
      { stdio: "ignore" },
    );
    for (let i = 0; i < 100; i++) {
      if (await answersPing(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("redis-server did not start");
  };
  const exit = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill(signal);
    });
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => exit("SIGKILL"),
    restart: launch,
    stop: async () => {
      await exit("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
