/** The sync the tests run: against a simulator on the fixed test clock, the two days before its "today" and today. */
import { DateTime } from "luxon";
import type { GenesysClient } from "@/lib/genesys";
import type { SyncOptions } from "@/lib/export/sync/sync";
import { SIM_TEST_NOW } from "../../genesys/sim-client";

export function testSyncOptions(db: string, client: GenesysClient, extra: Partial<SyncOptions> = {}): SyncOptions {
  return {
    db,
    since: DateTime.fromMillis(SIM_TEST_NOW, { zone: "utc" }).minus({ days: 2 }).toISODate()!,
    refetchDays: 1,
    media: [],
    queues: [],
    client,
    environment: "simulator",
    now: () => new Date(SIM_TEST_NOW),
    ...extra,
  };
}
