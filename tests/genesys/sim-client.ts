/** Shared set-up: a real in-process simulator and a Genesys client pointed at it. */
import { createSimulator, runningClockFrom, SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";
import { createGenesysClient, type Exchange, type GenesysClientOptions } from "@/lib/genesys";

export const SIM_BASE = "http://sim.local";

export type Simulator = ReturnType<typeof createSimulator>;
export type SimulatorOptions = NonNullable<Parameters<typeof createSimulator>[0]>;

/** Hands requests to the simulator in-process: no ports, no network. */
export function simFetch(sim: Simulator): typeof fetch {
  return (input, init) => sim.fetch(new Request(input, init));
}

/** Records what the injected `sleep` was asked for, and returns at once: retries cost no wall time. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

/**
 * The instant the simulator's clock reads when a test starts, whatever the hour or weekday the
 * suite runs on: a Thursday noon, so `recentInterval()` is a weekday's traffic and the tests that
 * count conversations, pages or API calls give the same answer at any time.
 */
export const SIM_TEST_NOW = Date.parse("2026-11-26T12:00:00.000Z");

/**
 * A simulator clock that starts at SIM_TEST_NOW and then moves with real time, so token lifetimes
 * and rate-limit windows still pass as they would. `offset()` adds virtual time (a test's sleeps).
 */
export function testClock(offset: () => number = () => 0): () => number {
  const clock = runningClockFrom(SIM_TEST_NOW);
  return () => clock() + offset();
}

export function setup(simOptions: Partial<SimulatorOptions> = {}, clientOptions: Partial<GenesysClientOptions> = {}) {
  const sim = createSimulator({ now: testClock(), ...simOptions } as SimulatorOptions);
  const exchanges: Exchange[] = [];
  const { sleep, waits } = recordingSleep();
  const client = createGenesysClient({
    loginUrl: SIM_BASE,
    apiUrl: SIM_BASE,
    credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
    fetch: simFetch(sim),
    retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 40 },
    sleep,
    onExchange: (exchange) => exchanges.push(exchange),
    ...clientOptions,
  });
  return { sim, client, exchanges, waits };
}

/**
 * `hours` of history ending at midnight UTC `daysAgo - 1` days before SIM_TEST_NOW: inside the
 * simulator's history, and the same interval on every run.
 */
export function recentInterval(hours = 24, daysAgo = 2): string {
  const end = new Date(SIM_TEST_NOW);
  end.setUTCHours(0, 0, 0, 0);
  end.setUTCDate(end.getUTCDate() - daysAgo + 1);
  const start = new Date(end.getTime() - hours * 3_600_000);
  return `${start.toISOString()}/${end.toISOString()}`;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
