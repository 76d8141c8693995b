/**
 * The two export formats.
 *
 * NDJSON: one AnalyticsConversation per line, the whole record as Genesys sent it.
 *
 * CSV (RFC 4180: CRLF line ends, quoted where needed; text a spreadsheet would run as a formula
 * is neutralised by `csvCell` in lib/model/csv.ts): one row per conversation, the fields people
 * filter on. Lists are `;`-separated and distinct, in order of appearance. Durations are seconds
 * (milliseconds / 1000) summed over the conversation's sessions, 0 when Genesys reported none
 * (metrics are sparse).
 */
import { csvLine } from "@/lib/model/csv";
import type { RawConversation } from "@/lib/genesys";
import type { ConversationRecord } from "@/lib/genesys/schemas";
import type { ExportFormat } from "./spec";

export const CSV_COLUMNS = [
  "conversationId",
  "conversationStart",
  "conversationEnd",
  "direction",
  "mediaTypes",
  "queueIds",
  "queueNames",
  "divisionIds",
  "agentIds",
  "wrapUpCodes",
  "answered",
  "abandoned",
  "transferred",
  "answerSeconds",
  "talkSeconds",
  "holdSeconds",
  "acwSeconds",
  "handleSeconds",
] as const;

/** What each CSV column holds (README and `--help` say the same). */
export const CSV_COLUMN_DOCS: Record<(typeof CSV_COLUMNS)[number], string> = {
  conversationId: "the conversation's id",
  conversationStart: "ISO-8601 UTC",
  conversationEnd: "ISO-8601 UTC; empty while the conversation is still going on",
  direction: "originatingDirection: inbound or outbound",
  mediaTypes: "the sessions' media types (voice, chat, email, message, …)",
  queueIds: "the queues its segments went through",
  queueNames: "their names, from GET /api/v2/routing/queues (empty for a queue the client cannot see)",
  divisionIds: "the divisions the conversation belongs to",
  agentIds: "userId of each agent participant",
  wrapUpCodes: "wrap-up code ids of its segments",
  answered: "true when a session has tAnswered",
  abandoned: "true when a session has tAbandon",
  transferred: "true when a session has nTransferred",
  answerSeconds: "Σ tAnswered: time in queue until answered",
  talkSeconds: "Σ tTalk",
  holdSeconds: "Σ tHeld",
  acwSeconds: "Σ tAcw (after-call work)",
  handleSeconds: "Σ tHandle (talk + hold + after-call work)",
};

const SUMMED = { tAnswered: 0, tTalk: 1, tHeld: 2, tAcw: 3, tHandle: 4 } as const;

type Loose = Record<string, unknown>;
const arrayOf = (value: unknown): Loose[] => (Array.isArray(value) ? (value as Loose[]) : []);
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/** One CSV row (without its line end). Reads the record defensively: only id and start are checked. */
export function csvRow(conversation: ConversationRecord, queueNames: ReadonlyMap<string, string>): string {
  const media = new Set<string>();
  const queues = new Set<string>();
  const agents = new Set<string>();
  const wrapUps = new Set<string>();
  const sums = [0, 0, 0, 0, 0];
  let answered = false;
  let abandoned = false;
  let transferred = false;

  for (const participant of arrayOf(conversation.participants)) {
    const purpose = participant.purpose;
    const userId = text(participant.userId);
    if (userId && (purpose === "agent" || purpose === "user")) agents.add(userId);
    for (const session of arrayOf(participant.sessions)) {
      const mediaType = text(session.mediaType);
      if (mediaType) media.add(mediaType);
      for (const segment of arrayOf(session.segments)) {
        const queueId = text(segment.queueId);
        if (queueId) queues.add(queueId);
        const wrapUp = text(segment.wrapUpCode);
        if (wrapUp) wrapUps.add(wrapUp);
      }
      for (const metric of arrayOf(session.metrics)) {
        const name = metric.name;
        const value = typeof metric.value === "number" ? metric.value : 0;
        if (name === "tAbandon") abandoned = true;
        else if (name === "nTransferred" && value > 0) transferred = true;
        if (name === "tAnswered") answered = true;
        const slot = SUMMED[name as keyof typeof SUMMED];
        if (slot !== undefined) sums[slot]! += value;
      }
    }
  }

  const divisionIds: unknown = conversation.divisionIds;
  const divisions = Array.isArray(divisionIds) ? divisionIds.filter((d): d is string => typeof d === "string") : [];
  const cells = [
    conversation.conversationId,
    conversation.conversationStart,
    text(conversation.conversationEnd) ?? "",
    text(conversation.originatingDirection) ?? "",
    [...media].join(";"),
    [...queues].join(";"),
    [...queues].map((id) => queueNames.get(id) ?? "").join(";"),
    divisions.join(";"),
    [...agents].join(";"),
    [...wrapUps].join(";"),
    String(answered),
    String(abandoned),
    String(transferred),
    ...sums.map(seconds),
  ];
  return csvLine(cells);
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(",")}\r\n`;

/** The file's first bytes, before any conversation. */
export function fileHeader(format: ExportFormat): string {
  return format === "csv" ? csvHeader() : "";
}

const LF = Uint8Array.of(10);

/**
 * A page of conversations as the bytes of its lines, piece by piece (the file buffers them):
 * NDJSON lines are the records' own JSON as Genesys sent it; a CSV row parses its record, and
 * drops it, first.
 */
export function* formatConversations(
  conversations: Iterable<RawConversation>,
  format: ExportFormat,
  queueNames: ReadonlyMap<string, string>,
): Generator<Uint8Array> {
  if (format === "csv") {
    for (const conversation of conversations) {
      const record = JSON.parse(
        Buffer.from(conversation.json.buffer, conversation.json.byteOffset, conversation.json.length).toString("utf8"),
      ) as ConversationRecord;
      yield Buffer.from(`${csvRow(record, queueNames)}\r\n`);
    }
    return;
  }
  for (const conversation of conversations) {
    yield conversation.json;
    yield LF;
  }
}
