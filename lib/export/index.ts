import "server-only";
/**
 * Conversation-detail export: planning (API choice, chunks, ownership), bounded de-duplication,
 * NDJSON/CSV, the resumable partial file and its checkpoint. `cli/export.ts` is its command.
 */
import { createNodeFetch, type GenesysClientOptions } from "@/lib/genesys";

export { runExport, ExportError, ExportResumeMismatchError } from "./run";
export type { ExportOptions } from "./run";
export { exportSpecFrom, ExportUsageError, EXPORT_FORMATS, EXPORT_APIS } from "./spec";
export type { ExportSpec } from "./spec";
export { CSV_COLUMNS } from "./format";
export { exportPaths } from "./files";
export { terminalProgress, quietProgress, summaryLine } from "./progress";

/**
 * How an export's client behaves: it paces itself from the rate-limit headers, allows a
 * 1,000-conversation results page (a few MB) a minute to arrive, and talks HTTP through
 * node:http (see node-fetch.ts: the built-in fetch alone would cost a third of its memory).
 */
export function exportClientOptions(): Pick<GenesysClientOptions, "pacing" | "timeoutMs" | "fetch"> {
  return { pacing: true, timeoutMs: 60_000, fetch: createNodeFetch() };
}
