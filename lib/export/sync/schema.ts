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
  conversation_id VARCHAR PRIMARY KEY,
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

/**
 * One day's NDJSON (conversations that started that day) into every table. \`$file\` is bound by
 * the caller; read_json_objects keeps each record as JSON, so a field missing from a whole day
 * never changes a column's type.
 */
export function loadDaySql(file: string): string {
  const src = `read_json_objects('${file.replaceAll("'", "''")}', format = 'newline_delimited')`;
  return `
CREATE TEMP TABLE day_raw AS SELECT json AS c FROM ${src};
CREATE TEMP TABLE day_participants AS
  SELECT c->>'conversationId' AS conversation_id, (c->>'conversationStart')::TIMESTAMPTZ AS start, unnest((c->'participants')::JSON[]) AS p FROM day_raw;
CREATE TEMP TABLE day_sessions AS
  SELECT conversation_id, start, p->>'participantId' AS participant_id, unnest((p->'sessions')::JSON[]) AS s FROM day_participants;
INSERT OR REPLACE INTO conversations SELECT
  c->>'conversationId', ((c->>'conversationStart')::TIMESTAMPTZ AT TIME ZONE 'UTC')::DATE, (c->>'conversationStart')::TIMESTAMPTZ,
  (c->>'conversationEnd')::TIMESTAMPTZ, c->>'originatingDirection', c->>'conversationInitiator', (c->>'customerParticipation')::BOOLEAN,
  (c->'divisionIds')::VARCHAR[], c->>'externalTag'
FROM day_raw;
INSERT INTO participants SELECT
  conversation_id, (start AT TIME ZONE 'UTC')::DATE, p->>'participantId', p->>'participantName', p->>'purpose', p->>'userId', p->>'teamId'
FROM day_participants;
INSERT INTO sessions SELECT
  conversation_id, (start AT TIME ZONE 'UTC')::DATE, participant_id, s->>'sessionId', s->>'mediaType', s->>'direction', s->>'ani', s->>'dnis',
  s->>'addressFrom', s->>'addressTo'
FROM day_sessions;
INSERT INTO segments SELECT
  conversation_id, (start AT TIME ZONE 'UTC')::DATE, session_id, i::INTEGER, g->>'segmentType', (g->>'segmentStart')::TIMESTAMPTZ,
  (g->>'segmentEnd')::TIMESTAMPTZ, g->>'queueId', g->>'wrapUpCode', g->>'disconnectType'
FROM (SELECT conversation_id, start, s->>'sessionId' AS session_id, unnest((s->'segments')::JSON[]) AS g, generate_subscripts((s->'segments')::JSON[], 1) AS i FROM day_sessions);
INSERT INTO session_metrics SELECT
  conversation_id, (start AT TIME ZONE 'UTC')::DATE, session_id, m->>'name', (m->>'value')::DOUBLE, (m->>'emitDate')::TIMESTAMPTZ
FROM (SELECT conversation_id, start, s->>'sessionId' AS session_id, unnest((s->'metrics')::JSON[]) AS m FROM day_sessions);
DROP TABLE day_raw; DROP TABLE day_participants; DROP TABLE day_sessions;
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
