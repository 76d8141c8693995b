/**
 * Run by sync.test.ts in its own process: syncs the in-process simulator into the database named
 * by argv[2], and dies with SIGKILL (no close, no checkpoint, no cleanup: a power cut) as soon as
 * the first day is committed.
 */
import { DateTime } from "luxon";
import { runSync } from "@/lib/export/sync/sync";
import { SIM_TEST_NOW, setup } from "../../genesys/sim-client";

const db = process.argv[2]!;
const { client } = setup({ volume: 0.3 });
await runSync({
  db,
  since: DateTime.fromMillis(SIM_TEST_NOW, { zone: "utc" }).minus({ days: 2 }).toISODate()!,
  refetchDays: 1,
  media: [],
  queues: [],
  client,
  environment: "simulator",
  now: () => new Date(SIM_TEST_NOW),
  onDay: ({ done }) => {
    if (done === 1) process.kill(process.pid, "SIGKILL");
  },
});
