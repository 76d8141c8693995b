import "server-only";
/**
 * Conversation-detail export: planning (API choice, chunks, ownership), bounded de-duplication,
 * NDJSON/CSV, the resumable partial file and its checkpoint. `cli/export.ts` is its command.
 */
import { createNodeFetch, type GenesysClientOptions } from "@/lib/genesys";

export { runExport, fingerprintOf, ExportError, ExportResumeMismatchError, JOB_ATTEMPTS, CHECKPOINT_EVERY_MS } from "./run";
export type { ExportOptions, ExportProgress, ExportStart, ExportSummary } from "./run";
export {
  planExport,
  chunkQuery,
  segmentFiltersFor,
  ownsConversation,
  splitInterval,
  SYNC_MAX_CONVERSATIONS,
  CHUNK_MS,
  JOB_PAGE_SIZE,
  QUERY_PAGE_SIZE,
} from "./plan";
export type { Chunk, ExportApi, ExportPlan } from "./plan";
export { exportSpecFrom, ExportUsageError, EXPORT_FORMATS, EXPORT_APIS } from "./spec";
export type { ExportSpec, ExportFormat, ExportApiChoice } from "./spec";
export { CSV_COLUMNS, CSV_COLUMN_DOCS, csvRow, formatConversations } from "./format";
export { exportPaths, ExportBusyError } from "./files";
export { terminalProgress, quietProgress, summaryLine } from "./progress";

/**
 * How an export's client behaves: it paces itself from the rate-limit headers, allows a
 * 1,000-conversation results page (a few MB) a minute to arrive, and talks HTTP through
 * node:http (see node-fetch.ts: the built-in fetch alone would cost a third of its memory).
 */
export function exportClientOptions(): Pick<GenesysClientOptions, "pacing" | "timeoutMs" | "fetch"> {
  return { pacing: true, timeoutMs: 60_000, fetch: createNodeFetch() };
}
