/**
 * One conversation, two views.
 *
 * `Conv` is the compact numeric record that traffic.ts generates (a few dozen numbers, no
 * strings). From it, `emitMetrics` walks the session metrics with their emit dates, and
 * `planParticipants` lays out participants, sessions and segments. Aggregates roll up
 * `emitMetrics` directly; the details endpoints build JSON from both. Because the two endpoints
 * share this single source, they cannot disagree.
 *
 * ROLLUP RULE (also in lib/sim/README.md)
 * ---------------------------------------
 * Every session metric has an emitDate, and aggregates count each metric in the granularity
 * bucket that contains its emitDate, attributed to the queue of the conversation's ACD segment
 * (the simulator routes each conversation through exactly one queue). Each metric is emitted when
 * what it measures happens or completes: the Resource Center FAQ "Why is the offered metric not
 * always equal to answered plus abandoned?" (an interaction offered at 7:28 and answered at 7:31
 * counts as Offered in 7:00-7:30 and as Answered in 7:30-8:00), and the Resource Center glossary
 * entry for AHT, https://help.mypurecloud.com/glossary/average-handle-time-aht/ ("handle time
 * will use the timestamp of after call work completion"). Emit dates:
 *   customer session   nConversations                                  at conversationStart
 *                      (once the conversation has reached its queue: a call still in the IVR
 *                      has no queue, so it has no metrics yet)
 *   acd session        nOffered                                        when it enters the queue
 *                      tAcd, tWait, tAnswered | tAbandon (+ tShortAbandon) | tFlowOut,
 *                      nOverSla                                        when it leaves the queue
 *   agent, no answer   tAlert, tNotResponding                          when the alert times out
 *   answering agent    tAlert, nConnected                              when answered
 *                      tTalk, tTalkComplete, tHeld, tHeldComplete,
 *                      nTransferred, nBlindTransferred, nConsultTransferred   when the talk ends
 *                      tAcw, tHandle (talk + hold + ACW)              when wrap-up completes
 * So per bucket offered != answered + abandoned + flow-out: the identity holds only over an
 * interval containing every interaction's whole queue stay, and an interaction still waiting at
 * `now` has emitted nOffered only. tShortAbandon (abandoned in under the org's short-abandon
 * threshold, option shortAbandonSeconds) is a subset of tAbandon.
 * oServiceLevel (aggregates only) is counted at the queue exit, where the answer, abandon or
 * flow-out happens: numerator = answered with tAnswered <= the queue's SL duration for that
 * media; denominator = answered + abandoned, adjusted by the org's service-level settings
 * (options serviceLevelInclude*); target = the SL percentage. oServiceTarget = {target}, counted
 * with nOffered at the queue entry. nOverSla = answered, or abandoned (not short), after the SL
 * duration.
 * A metric is only emitted once its emitDate <= now: an ongoing conversation has no
 * conversationEnd and shows only what has completed.
 */
import type { MediaIndex, SimQueue } from "./org";
import { SIM_MEDIA } from "./org";
import { formatUuid, hash32, scramble32, unscramble32 } from "./random";

export const OUTCOME_ANSWERED = 0;
export const OUTCOME_ABANDONED = 1;
export const OUTCOME_FLOW_OUT = 2;
export type Outcome = 0 | 1 | 2;

export const TRANSFER_NONE = 0;
export const TRANSFER_BLIND = 1;
export const TRANSFER_CONSULT = 2;

/** No conversation lasts longer than this (traffic.ts clamps): bounds every look-back. */
export const MAX_CONVERSATION_MS = 10 * 3_600_000;

/** The compact record. All times are absolute epoch milliseconds. */
export type Conv = {
  queue: number;
  hour: number;
  seq: number;
  media: MediaIndex;
  outcome: Outcome;
  start: number;
  /** Voice goes through an IVR first; other media enter the queue at `start`. */
  acdEnter: number;
  /** Answer, abandon or flow-out time. */
  acdExit: number;
  /** An agent alerted first who did not respond (-1: none), and that alert. */
  nrUser: number;
  nrStart: number;
  nrEnd: number;
  /** The answering agent (-1 unless answered) and when they were alerted. */
  user: number;
  alertStart: number;
  holdStart: number;
  holdEnd: number;
  talkEnd: number;
  acwEnd: number;
  wrapup: number;
  transfer: 0 | 1 | 2;
  /** End of the external party's leg after a transfer. */
  extEnd: number;
  agentHangsUp: boolean;
  end: number;
  /** Random bits for cosmetic fields (phone numbers, attributes). */
  variant: number;
};

// Metric ids: small integers so the aggregator can index arrays.
export const METRIC_NAMES = [
  "nConversations",
  "nOffered",
  "tAcd",
  "tWait",
  "tAnswered",
  "tAbandon",
  "tShortAbandon",
  "tFlowOut",
  "nOverSla",
  "tAlert",
  "tNotResponding",
  "nConnected",
  "tTalk",
  "tTalkComplete",
  "tHeld",
  "tHeldComplete",
  "nTransferred",
  "nBlindTransferred",
  "nConsultTransferred",
  "tAcw",
  "tHandle",
] as const;
export type SessionMetricName = (typeof METRIC_NAMES)[number];
const id = Object.fromEntries(METRIC_NAMES.map((n, i) => [n, i])) as Record<SessionMetricName, number>;
export const MID = id;

export const SESSION_KINDS = ["customer", "ivr", "acd", "agentNoAnswer", "agent", "external"] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export const KIND_PURPOSE: Record<SessionKind, "customer" | "ivr" | "acd" | "agent" | "external"> = {
  customer: "customer",
  ivr: "ivr",
  acd: "acd",
  agentNoAnswer: "agent",
  agent: "agent",
  external: "external",
};

export interface MetricSink {
  /** A session's metrics follow. userIdx/wrapupIdx are -1 when not applicable or not yet known. */
  session(kind: SessionKind, userIdx: number, wrapupIdx: number): boolean;
  metric(metricId: number, value: number, emitMs: number): void;
}

export function slDurationMs(queue: SimQueue, media: MediaIndex): number {
  return queue.serviceLevel[SIM_MEDIA[media]].durationMs;
}

/**
 * Walk the session metrics of `c` that have been emitted by `now`, session by session.
 * The single source of truth for both aggregates and details. Abandons quicker than
 * `shortAbandonMs` are short abandons.
 */
export function emitMetrics(c: Conv, q: SimQueue, now: number, shortAbandonMs: number, sink: MetricSink): void {
  // A call still in the IVR has no queue yet, so nothing can be attributed to one.
  if (c.acdEnter > now) return;
  if (sink.session("customer", -1, -1)) sink.metric(id.nConversations, 1, c.start);

  if (sink.session("acd", -1, -1)) {
    // Offered when it enters the queue; everything else when it leaves.
    sink.metric(id.nOffered, 1, c.acdEnter);
    if (c.acdExit <= now) {
      const t = c.acdExit;
      const v = c.acdExit - c.acdEnter;
      sink.metric(id.tAcd, v, t);
      sink.metric(id.tWait, v, t);
      const sl = slDurationMs(q, c.media);
      if (c.outcome === OUTCOME_ANSWERED) {
        sink.metric(id.tAnswered, v, t);
        if (v > sl) sink.metric(id.nOverSla, 1, t);
      } else if (c.outcome === OUTCOME_ABANDONED) {
        sink.metric(id.tAbandon, v, t);
        if (v < shortAbandonMs) sink.metric(id.tShortAbandon, v, t);
        else if (v > sl) sink.metric(id.nOverSla, 1, t);
      } else {
        sink.metric(id.tFlowOut, v, t);
      }
    }
  }

  if (c.nrUser >= 0 && c.nrEnd <= now && sink.session("agentNoAnswer", c.nrUser, -1)) {
    const v = c.nrEnd - c.nrStart;
    sink.metric(id.tAlert, v, c.nrEnd);
    sink.metric(id.tNotResponding, v, c.nrEnd);
  }

  if (c.outcome !== OUTCOME_ANSWERED || c.acdExit > now) return;
  // The wrap-up code is known once wrap-up is done; before that the metrics carry none.
  if (!sink.session("agent", c.user, c.acwEnd <= now ? c.wrapup : -1)) return;
  sink.metric(id.tAlert, c.acdExit - c.alertStart, c.acdExit);
  sink.metric(id.nConnected, 1, c.acdExit);
  if (c.talkEnd > now) return;
  const hold = c.holdEnd - c.holdStart;
  const talk = c.talkEnd - c.acdExit - hold;
  sink.metric(id.tTalk, talk, c.talkEnd);
  sink.metric(id.tTalkComplete, talk, c.talkEnd);
  if (hold > 0) {
    sink.metric(id.tHeld, hold, c.talkEnd);
    sink.metric(id.tHeldComplete, hold, c.talkEnd);
  }
  if (c.transfer !== TRANSFER_NONE) {
    sink.metric(id.nTransferred, 1, c.talkEnd);
    sink.metric(c.transfer === TRANSFER_BLIND ? id.nBlindTransferred : id.nConsultTransferred, 1, c.talkEnd);
  }
  if (c.acwEnd > now) return;
  sink.metric(id.tAcw, c.acwEnd - c.talkEnd, c.acwEnd);
  sink.metric(id.tHandle, c.acwEnd - c.acdExit, c.acwEnd);
}

// ---------------------------------------------------------------------------------------------
// Participants, sessions and segments

export type PlanSegment = {
  type: "interact" | "ivr" | "alert" | "hold" | "wrapup";
  start: number;
  /** Absent while the segment is still running at `now`. */
  end?: number;
  queue: boolean;
  wrapup?: number;
  disconnect?: "endpoint" | "peer" | "client" | "transfer" | "consultTransfer" | "timeout";
};
export type PlanParticipant = { kind: SessionKind; user: number; segments: PlanSegment[] };

/** Participants with their segments as of `now` (later segments dropped, running ones open). */
export function planParticipants(c: Conv, now: number): PlanParticipant[] {
  const out: PlanParticipant[] = [];
  const add = (kind: SessionKind, user: number, segs: PlanSegment[]) => {
    const visible: PlanSegment[] = [];
    for (const s of segs) {
      if (s.start > now) break;
      if (s.end !== undefined && s.end > now) {
        const { end: _end, disconnect: _d, ...open } = s;
        visible.push(open);
        break;
      }
      visible.push(s);
    }
    if (visible.length) out.push({ kind, user, segments: visible });
  };
  const answered = c.outcome === OUTCOME_ANSWERED;
  const customerEnd = answered ? (c.transfer !== TRANSFER_NONE ? c.extEnd : c.talkEnd) : c.acdExit;
  const customerDisconnect: PlanSegment["disconnect"] =
    c.outcome === OUTCOME_ABANDONED
      ? "endpoint"
      : c.outcome === OUTCOME_FLOW_OUT
        ? "peer"
        : c.transfer !== TRANSFER_NONE || !c.agentHangsUp
          ? "endpoint"
          : "peer";
  add("customer", -1, [{ type: "interact", start: c.start, end: customerEnd, queue: false, disconnect: customerDisconnect }]);
  if (c.acdEnter > c.start) add("ivr", -1, [{ type: "ivr", start: c.start, end: c.acdEnter, queue: false, disconnect: "transfer" }]);
  add("acd", -1, [
    { type: "interact", start: c.acdEnter, end: c.acdExit, queue: true, disconnect: c.outcome === OUTCOME_ABANDONED ? "peer" : "transfer" },
  ]);
  if (c.nrUser >= 0)
    add("agentNoAnswer", c.nrUser, [{ type: "alert", start: c.nrStart, end: c.nrEnd, queue: true, disconnect: "timeout" }]);
  if (answered) {
    const lastDisconnect: PlanSegment["disconnect"] =
      c.transfer === TRANSFER_BLIND ? "transfer" : c.transfer === TRANSFER_CONSULT ? "consultTransfer" : c.agentHangsUp ? "client" : "peer";
    const segs: PlanSegment[] = [{ type: "alert", start: c.alertStart, end: c.acdExit, queue: true }];
    if (c.holdEnd > c.holdStart) {
      segs.push({ type: "interact", start: c.acdExit, end: c.holdStart, queue: true });
      segs.push({ type: "hold", start: c.holdStart, end: c.holdEnd, queue: true });
      segs.push({ type: "interact", start: c.holdEnd, end: c.talkEnd, queue: true, disconnect: lastDisconnect });
    } else {
      segs.push({ type: "interact", start: c.acdExit, end: c.talkEnd, queue: true, disconnect: lastDisconnect });
    }
    segs.push({ type: "wrapup", start: c.talkEnd, end: c.acwEnd, queue: true, wrapup: c.wrapup });
    add("agent", c.user, segs);
    if (c.transfer !== TRANSFER_NONE)
      add("external", -1, [{ type: "interact", start: c.talkEnd, end: c.extEnd, queue: false, disconnect: "endpoint" }]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Conversation ids: reversible, so an id leads straight back to its (queue, hour, seq).

/**
 * Layout: [hour scrambled: 8 hex]-[queue scrambled: 4]-4[check: 3]-[variant + seq: 4]-[check: 12].
 * The check bits make ids of another seed (or typos) decode to nothing.
 */
export function encodeConversationId(seed: number, queue: number, hour: number, seq: number): string {
  const key = hash32(seed, 0xc0ffee);
  const a = scramble32(hour, key);
  const qs = (queue ^ key) & 0xffff;
  const check = hash32(seed, queue, hour, seq);
  const check2 = hash32(check, 7);
  const b = ((qs << 16) | (0x4000 | (check & 0x0fff))) >>> 0;
  const c = (((0x8000 | ((seq ^ (key >>> 16)) & 0x3fff)) << 16) | (check2 >>> 16)) >>> 0;
  const d = (((check2 & 0xffff) << 16) | (check >>> 16)) >>> 0;
  return formatUuid(a, b, c, d);
}

export function decodeConversationId(seed: number, conversationId: string): { queue: number; hour: number; seq: number } | null {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/.exec(conversationId.toLowerCase());
  if (!m) return null;
  const key = hash32(seed, 0xc0ffee);
  const hour = unscramble32(parseInt(m[1]!, 16), key);
  const queue = (parseInt(m[2]!, 16) ^ key) & 0xffff;
  const seq = (parseInt(m[4]!, 16) & 0x3fff) ^ ((key >>> 16) & 0x3fff);
  return encodeConversationId(seed, queue, hour, seq) === conversationId.toLowerCase() ? { queue, hour, seq } : null;
}

export function conversationIdOf(seed: number, c: Conv): string {
  return encodeConversationId(seed, c.queue, c.hour, c.seq);
}
