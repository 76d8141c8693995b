/**
 * Run by sync.test.ts in its own process: syncs the in-process simulator into the database named
 * by argv[2], and dies with SIGKILL (no close, no checkpoint, no cleanup: a power cut) as soon as
 * the first day is committed.
 */
import { runSync } from "@/lib/export/sync/sync";
import { setup } from "../../genesys/sim-client";
import { testSyncOptions } from "./sync-options";

const db = process.argv[2]!;
const { client } = setup({ volume: 0.3 });
await runSync(
  testSyncOptions(db, client, {
    onDay: ({ done }) => {
      if (done === 1) process.kill(process.pid, "SIGKILL");
    },
  }),
);
