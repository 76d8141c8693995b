/** Shared set-up for the export tests: an in-process simulator, a client, temporary files, ground truth. */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportSpecFrom, runExport, type ExportOptions, type ExportSpec } from "@/lib/export";
import { createGenesysClient, type AnalyticsConversation, type GenesysClient, type GenesysClientOptions } from "@/lib/genesys";
import { createSimulator, SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";
import { segmentFiltersFor } from "@/lib/export/plan";
import { SIM_BASE, collect, recentInterval, recordingSleep, testClock, type SimulatorOptions } from "../genesys/sim-client";

export { recentInterval };

type Sim = ReturnType<typeof createSimulator>;

/**
 * Hands requests to the simulator without the caller's abort signal: the client's transport
 * stops waiting on abort by itself, and an in-process handler should not see the abort either
 * (a real server would just see the connection close).
 */
export function simFetchIgnoringAbort(sim: Sim): typeof fetch {
  return (input, init) => {
    const { signal: _signal, ...rest } = init ?? {};
    return sim.fetch(new Request(input, rest));
  };
}

/**
 * A simulator with no rate limit (unless asked) and jobs ready at once, and a client whose sleeps
 * cost nothing. `around` may wrap the simulator's fetch (to script faults by request).
 */
export function exportSetup(
  simOptions: Partial<SimulatorOptions> = {},
  clientOptions: Partial<GenesysClientOptions> = {},
  around?: (sim: Sim, next: typeof fetch) => typeof fetch,
) {
  const sim = createSimulator({ rateLimitPerMinute: 0, jobDelayMs: 0, now: testClock(), ...simOptions } as SimulatorOptions);
  const base = simFetchIgnoringAbort(sim);
  const { sleep } = recordingSleep();
  const client = createGenesysClient({
    loginUrl: SIM_BASE,
    apiUrl: SIM_BASE,
    credentials: { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET },
    fetch: around ? around(sim, base) : base,
    retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 40 },
    sleep,
    ...clientOptions,
  });
  return { sim, client };
}

export async function tempOut(name = "export.ndjson"): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), "export-test-")), name);
}

export function spec(raw: { interval: string; out: string; format?: string; media?: string; queue?: string; api?: string }): ExportSpec {
  return exportSpecFrom(raw);
}

export function run(client: GenesysClient, s: ExportSpec, extra: Partial<ExportOptions> = {}) {
  return runExport({ spec: s, client, environment: "http://sim.local", ...extra });
}

/** The ids in an export file, in file order (CSV: the first column). */
export async function idsIn(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8");
  if (file.endsWith(".csv"))
    return text
      .split("\r\n")
      .slice(1)
      .filter(Boolean)
      .map((row) => row.split(",")[0]!);
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { conversationId: string }).conversationId);
}

/**
 * What an export must hold: every conversation that started in the interval (lib/export/plan.ts),
 * read here with the details query for the whole interval at once and filtered by start.
 */
export async function truth(client: GenesysClient, s: ExportSpec): Promise<AnalyticsConversation[]> {
  const segmentFilters = segmentFiltersFor(s);
  const all = await collect(
    client.queryConversationDetails({
      interval: `${new Date(s.start).toISOString()}/${new Date(s.end).toISOString()}`,
      ...(segmentFilters.length ? { segmentFilters } : {}),
    }),
  );
  return all.filter((c) => {
    const started = Date.parse(c.conversationStart);
    return started >= s.start && started < s.end;
  });
}

export const sorted = (ids: Iterable<string>) => [...ids].sort();
