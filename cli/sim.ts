/**
 * `npm run sim -- --port 4010`: the Genesys Cloud simulator on its own, serving /oauth/* and
 * /api/v2/* at its root (and the notification channels' WebSockets on the same port), admin
 * endpoints (/__sim/*) on. Options default from SIM_* variables.
 */
import { InvalidArgumentError } from "commander";
import { command, parseOrExit } from "./command";
import {
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_DIVISION_CLIENT_ID,
  SIM_DIVISION_CLIENT_SECRET,
  SIM_INACTIVE_CLIENT_ID,
  SIM_INACTIVE_CLIENT_SECRET,
  SIM_LIMITED_CLIENT_ID,
  SIM_LIMITED_CLIENT_SECRET,
  SIM_PKCE_CLIENT_ID,
  simulatorOptionsFromEnv,
  startSimulatorServer,
  type SimulatorOptions,
} from "../lib/sim";

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}
function decimal(min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    return n;
  };
}

async function main(): Promise<void> {
  let envDefaults: Partial<SimulatorOptions>;
  try {
    envDefaults = simulatorOptionsFromEnv(process.env);
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }

  const program = command(
    "npm run sim --",
    "Run the Genesys Cloud simulator: OAuth, routing queues, conversation aggregates, details and jobs, queue observations and their notification channels.",
  )
    .option("--port <n>", "port (0 = any free port)", integer(0, 65535), 4010)
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--seed <n>", "seed of the synthetic organisation", integer(-2147483648, 2147483647))
    .option("--queues <n>", "number of queues (>= 12)", integer(12, 5000))
    .option("--days <n>", "days of history", integer(1, 400))
    .option("--volume <x>", "multiplier on conversations per day", decimal(0, 1000))
    .option("--time-zone <tz>", "org time zone for the daily traffic curve")
    .option("--rate-limit <n>", "requests per minute per token (0 = off)", integer(0))
    .option("--latency <ms>", "latency added to every answer", decimal(0, 600_000))
    .option("--error-rate <x>", "share of API answers that are random 503s (0..1)", decimal(0, 1))
    .option("--token-lifetime <s>", "access token lifetime in seconds", integer(1));
  parseOrExit(program);
  const o = program.opts<{
    port: number;
    host: string;
    seed?: number;
    queues?: number;
    days?: number;
    volume?: number;
    timeZone?: string;
    rateLimit?: number;
    latency?: number;
    errorRate?: number;
    tokenLifetime?: number;
  }>();

  const options: Partial<SimulatorOptions> = {
    ...envDefaults,
    admin: true,
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.queues !== undefined ? { queueCount: o.queues } : {}),
    ...(o.days !== undefined ? { historyDays: o.days } : {}),
    ...(o.volume !== undefined ? { volume: o.volume } : {}),
    ...(o.timeZone !== undefined ? { timeZone: o.timeZone } : {}),
    ...(o.rateLimit !== undefined ? { rateLimitPerMinute: o.rateLimit } : {}),
    ...(o.latency !== undefined ? { latencyMs: o.latency } : {}),
    ...(o.errorRate !== undefined ? { errorRate: o.errorRate } : {}),
    ...(o.tokenLifetime !== undefined ? { tokenLifetimeSeconds: o.tokenLifetime } : {}),
  };

  let server: Awaited<ReturnType<typeof startSimulatorServer>>;
  try {
    server = await startSimulatorServer({ ...options, port: o.port, host: o.host });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`error: ${message}`);
    process.exit(/Invalid simulator option/.test(message) ? 2 : 1);
  }
  const { url, sim } = server;
  const opts = sim.options;
  console.log(`Genesys Cloud simulator listening on ${url}
  org: ${sim.org.queues.length} queues in ${sim.org.divisions.map((d) => d.name).join(", ")}; seed ${opts.seed}, ${opts.historyDays} days, volume x${opts.volume}, time zone ${opts.timeZone}
  limits: ${opts.rateLimitPerMinute || "no"} requests/min per token, latency ${opts.latencyMs} ms, error rate ${opts.errorRate}, tokens live ${opts.tokenLifetimeSeconds} s

Demo credentials
  client credentials: ${SIM_CLIENT_ID} / ${SIM_CLIENT_SECRET}   (sees every division)
                      ${SIM_DIVISION_CLIENT_ID} / ${SIM_DIVISION_CLIENT_SECRET}   (sees the Home division only)
                      ${SIM_LIMITED_CLIENT_ID} / ${SIM_LIMITED_CLIENT_SECRET}   (lacks analytics:conversationDetail:view)
                      ${SIM_INACTIVE_CLIENT_ID} / ${SIM_INACTIVE_CLIENT_SECRET}   (inactive: refused like a wrong secret)
  sign-in (PKCE):     ${SIM_PKCE_CLIENT_ID}   (Sam Supervisor: every division; Alex Agent: Home only)
  redirect URIs:      ${opts.redirectUris.join(", ")}

Point the app at it:
  GENESYS_LOGIN_URL=${url}
  GENESYS_API_URL=${url}
  GENESYS_CLIENT_ID=${SIM_CLIENT_ID}
  GENESYS_CLIENT_SECRET=${SIM_CLIENT_SECRET}
  GENESYS_PKCE_CLIENT_ID=${SIM_PKCE_CLIENT_ID}

Notifications: POST ${url}/api/v2/notifications/channels; the channels' WebSockets on this port, ${url.replace(/^http/, "ws")}/channels/<id>
  (heartbeat every ${opts.notificationHeartbeatMs} ms, channels live ${opts.notificationChannelLifetimeSeconds} s${opts.notificationSocketCloseSeconds ? `, sockets recycled every ${opts.notificationSocketCloseSeconds} s` : ""})

Admin: GET ${url}/__sim/stats · POST ${url}/__sim/faults {"errorRate":0.1,"failNext":{"status":429,"retryAfterSeconds":2}} · POST ${url}/__sim/expire-tokens · POST ${url}/__sim/reset
  a surge on a queue: POST ${url}/__sim/faults {"surge":{"queueId":"${sim.org.queues[0]!.id}","factor":4,"minutes":30}} · close every socket: {"closeSockets":true}
Ctrl+C to stop.`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: closing the simulator.`);
    server.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

void main();
