/**
 * The warehouse's tables (README "Conversation warehouse"), flattened from the details model
 * (AnalyticsConversation → participants → sessions → segments and metrics; models of the same
 * names in platform-client-sdk-dotnet build/docs). Every row carries `conversation_date`, the UTC
 * day the conversation started: a day is the unit that is fetched, replaced in one transaction
 * and written as one Parquet partition.
 */
export const WAREHOUSE_TABLES = ["conversations", "participants", "sessions", "segments", "session_metrics"] as const;

export const CREATE_TABLES = `
CREATE TABLE IF NOT EXISTS conversations (
  conversation_id VARCHAR NOT NULL,
  conversation_date DATE NOT NULL,
  conversation_start TIMESTAMPTZ NOT NULL,
  conversation_end TIMESTAMPTZ,
  originating_direction VARCHAR,
  conversation_initiator VARCHAR,
  customer_participation BOOLEAN,
  division_ids VARCHAR[],
  external_tag VARCHAR
);
CREATE TABLE IF NOT EXISTS participants (
  conversation_id VARCHAR NOT NULL,
  conversation_date DATE NOT NULL,
  participant_id VARCHAR,
  participant_name VARCHAR,
  purpose VARCHAR,
  user_id VARCHAR,
  team_id VARCHAR
);
CREATE TABLE IF NOT EXISTS sessions (
  conversation_id VARCHAR NOT NULL,
  conversation_date DATE NOT NULL,
  participant_id VARCHAR,
  session_id VARCHAR,
  media_type VARCHAR,
  direction VARCHAR,
  ani VARCHAR,
  dnis VARCHAR,
  address_from VARCHAR,
  address_to VARCHAR
);
CREATE TABLE IF NOT EXISTS segments (
  conversation_id VARCHAR NOT NULL,
  conversation_date DATE NOT NULL,
  session_id VARCHAR,
  segment_index INTEGER,
  segment_type VARCHAR,
  segment_start TIMESTAMPTZ,
  segment_end TIMESTAMPTZ,
  queue_id VARCHAR,
  wrap_up_code VARCHAR,
  disconnect_type VARCHAR
);
CREATE TABLE IF NOT EXISTS session_metrics (
  conversation_id VARCHAR NOT NULL,
  conversation_date DATE NOT NULL,
  session_id VARCHAR,
  name VARCHAR,
  value DOUBLE,
  emit_date TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS queues (id VARCHAR PRIMARY KEY, name VARCHAR, division_id VARCHAR);
CREATE TABLE IF NOT EXISTS sync_days (day DATE PRIMARY KEY, conversations BIGINT, synced_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS sync_runs (
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  "interval" VARCHAR,
  days INTEGER,
  conversations BIGINT,
  api_calls INTEGER,
  duration_ms BIGINT,
  status VARCHAR
);
`;

/** The details model as DuckDB types: read_json parses each record straight into them (fields not named are ignored). */
const SEGMENT =
  "STRUCT(segmentStart TIMESTAMPTZ, segmentEnd TIMESTAMPTZ, segmentType VARCHAR, queueId VARCHAR, wrapUpCode VARCHAR, disconnectType VARCHAR)";
const METRIC = "STRUCT(name VARCHAR, value DOUBLE, emitDate TIMESTAMPTZ)";
const SESSION = `STRUCT(sessionId VARCHAR, mediaType VARCHAR, direction VARCHAR, ani VARCHAR, dnis VARCHAR, addressFrom VARCHAR, addressTo VARCHAR, metrics ${METRIC}[], segments ${SEGMENT}[])`;
const PARTICIPANT = `STRUCT(participantId VARCHAR, participantName VARCHAR, purpose VARCHAR, userId VARCHAR, teamId VARCHAR, sessions ${SESSION}[])`;
const CONVERSATION_COLUMNS = `{conversationId: 'VARCHAR', conversationStart: 'TIMESTAMPTZ', conversationEnd: 'TIMESTAMPTZ', originatingDirection: 'VARCHAR', conversationInitiator: 'VARCHAR', customerParticipation: 'BOOLEAN', divisionIds: 'VARCHAR[]', externalTag: 'VARCHAR', participants: '${PARTICIPANT}[]'}`;

/**
 * One day's NDJSON (conversations that started that day) into every table. Typed columns, not
 * auto-detection: a field missing from a whole day never changes a column's type, and parsing
 * into structs once (timestamps included) is three times faster than extracting JSON paths row
 * by row. Only the records and their sessions are kept in temporary tables: unnesting the
 * participants twice costs less than copying them into a third.
 */
export function loadDaySql(file: string): string {
  const src = `read_json('${file.replaceAll("'", "''")}', format = 'newline_delimited', columns = ${CONVERSATION_COLUMNS})`;
  return `
CREATE TEMP TABLE day_raw AS SELECT *, (conversationStart AT TIME ZONE 'UTC')::DATE AS day FROM ${src};
CREATE TEMP TABLE day_sessions AS SELECT cid, day, p.participantId AS pid, unnest(p.sessions) AS s
FROM (SELECT conversationId AS cid, day, unnest(participants) AS p FROM day_raw);
INSERT INTO conversations SELECT conversationId, day, conversationStart, conversationEnd, originatingDirection,
  conversationInitiator, customerParticipation, divisionIds, externalTag FROM day_raw;
INSERT INTO participants SELECT cid, day, p.participantId, p.participantName, p.purpose, p.userId, p.teamId
FROM (SELECT conversationId AS cid, day, unnest(participants) AS p FROM day_raw);
INSERT INTO sessions SELECT cid, day, pid, s.sessionId, s.mediaType, s.direction, s.ani, s.dnis, s.addressFrom, s.addressTo FROM day_sessions;
INSERT INTO segments SELECT cid, day, sid, i::INTEGER, g.segmentType, g.segmentStart, g.segmentEnd, g.queueId, g.wrapUpCode, g.disconnectType
FROM (SELECT cid, day, s.sessionId AS sid, unnest(s.segments) AS g, generate_subscripts(s.segments, 1) AS i FROM day_sessions);
INSERT INTO session_metrics SELECT cid, day, sid, m.name, m.value, m.emitDate
FROM (SELECT cid, day, s.sessionId AS sid, unnest(s.metrics) AS m FROM day_sessions);
DROP TABLE day_raw; DROP TABLE day_sessions;
`;
}

/**
 * `FROM queue_report(start, end)`: the QueueReport's per-queue figures from the session metrics
 * emitted in [start, end), counted as Genesys's aggregates count them (README.md "QueueReport":
 * offered = count of nOffered, answered = count of tAnswered, …; every average a ratio of sums).
 * A session's metrics belong to the queue its segments name, else to the conversation's first
 * ACD queue. Service level needs the org's settings (oServiceLevel is not in the details): none.
 */
export const CREATE_MACROS = `
CREATE OR REPLACE MACRO queue_report(from_ts, to_ts) AS TABLE
WITH session_queue AS (
  SELECT conversation_id, session_id, min_by(queue_id, segment_index) AS queue_id
  FROM segments WHERE queue_id IS NOT NULL GROUP BY conversation_id, session_id
), conversation_queue AS (
  SELECT s.conversation_id, min_by(g.queue_id, g.segment_start) AS queue_id
  FROM participants p JOIN sessions s USING (conversation_id, participant_id) JOIN segments g ON g.conversation_id = s.conversation_id AND g.session_id = s.session_id
  WHERE p.purpose = 'acd' AND g.queue_id IS NOT NULL GROUP BY s.conversation_id
), attributed AS (
  SELECT coalesce(sq.queue_id, cq.queue_id) AS queue_id, m.name, m.value
  FROM session_metrics m
  LEFT JOIN session_queue sq USING (conversation_id, session_id)
  LEFT JOIN conversation_queue cq USING (conversation_id)
  WHERE m.emit_date >= from_ts::TIMESTAMPTZ AND m.emit_date < to_ts::TIMESTAMPTZ
)
SELECT
  a.queue_id,
  coalesce(any_value(q.name), a.queue_id) AS name,
  count(*) FILTER (WHERE a.name = 'nOffered')::INTEGER AS offered,
  count(*) FILTER (WHERE a.name = 'tAnswered')::INTEGER AS answered,
  count(*) FILTER (WHERE a.name = 'tAbandon')::INTEGER AS abandoned,
  count(*) FILTER (WHERE a.name = 'tFlowOut')::INTEGER AS flow_out,
  count(*) FILTER (WHERE a.name = 'nTransferred')::INTEGER AS transferred,
  answered / nullif(offered, 0) AS answer_rate,
  abandoned / nullif(offered, 0) AS abandon_rate,
  sum(a.value) FILTER (WHERE a.name = 'tAnswered') / nullif(answered, 0) / 1000 AS asa_seconds,
  avg(a.value) FILTER (WHERE a.name = 'tHandle') / 1000 AS aht_seconds,
  avg(a.value) FILTER (WHERE a.name = 'tTalk') / 1000 AS avg_talk_seconds,
  avg(a.value) FILTER (WHERE a.name = 'tHeld') / 1000 AS avg_hold_seconds,
  avg(a.value) FILTER (WHERE a.name = 'tAcw') / 1000 AS avg_acw_seconds
FROM attributed a LEFT JOIN queues q ON q.id = a.queue_id
WHERE a.queue_id IS NOT NULL
GROUP BY a.queue_id;
`;
