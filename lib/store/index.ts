import "server-only";
/** The process's snapshot store, chosen by configuration. */
import { getConfig } from "@/lib/config/env";
import { FileSnapshotStore } from "./file-store";
import type { SnapshotStore } from "./snapshot-store";

export type { SnapshotStore } from "./snapshot-store";

const globalKey = Symbol.for("genesys-dashboard.snapshot-store");
type GlobalWithStore = typeof globalThis & { [globalKey]?: SnapshotStore };

export function getSnapshotStore(): SnapshotStore {
  const g = globalThis as GlobalWithStore;
  g[globalKey] ??= new FileSnapshotStore(getConfig().dataDir);
  return g[globalKey];
}
