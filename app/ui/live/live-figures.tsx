/**
 * The figures a tile, the all-queues strip and a queue's live strip are made of: one labelled number
 * each, with its threshold marked by colour, by the marker's shape and in words.
 */
import type { LiveAgents } from "@/lib/model/live-snapshot";
import type { QueueMetrics } from "@/lib/model/queue-report";
import { groupedCount, percent } from "../format";
import {
  ABANDON_WORDS,
  SERVICE_LEVEL_TARGET,
  SERVICE_LEVEL_WORDS,
  abandonLevel,
  serviceLevelLevel,
  type Level,
} from "../metrics/thresholds";
import { ABANDON_SHORT, LONGEST_WAIT_WORDS, SERVICE_LEVEL_SHORT, longestWaitLevel } from "./live-thresholds";
import { formatWait } from "./wait-clock";

/**
 * A threshold's marker (✓ circle, ! triangle, ✕ square: globals.css) and its words: visible when
 * something needs attention, for screen readers always. `title` gives the long form on hover.
 */
export function LiveFlag({ level, words, title }: { level: Level | null; words: Record<Level, string>; title?: Record<Level, string> }) {
  if (!level) return null;
  return (
    <span className={`live-flag live-flag-${level}`} title={(title ?? words)[level]} data-level={level}>
      <span className={`marker marker-${level}`} aria-hidden="true" />
      <span className={level === "good" ? "sr-only" : "live-flag-words"}>{words[level]}</span>
    </span>
  );
}

/** One labelled figure of a description list (a `<div>` group, as HTML allows inside `<dl>`). */
export function Figure({
  label,
  testId,
  className,
  children,
}: {
  label: string;
  testId: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`live-figure${className ? ` ${className}` : ""}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/**
 * The longest wait, now: it ticks every second between snapshots (`seconds` is already the age
 * now). Not a live region: a number that changes every second must never be read out by itself.
 */
export function LongestWait({
  seconds,
  waitingMedia,
  className,
}: {
  seconds: number | null;
  waitingMedia: readonly string[];
  className?: string;
}) {
  const level = longestWaitLevel(seconds, waitingMedia);
  return (
    <Figure label="Longest wait" testId="live-longest-wait" className={className}>
      <span className="live-number live-clock">{seconds === null ? "–" : formatWait(seconds)}</span>
      {seconds === null ? <span className="sr-only">nobody waiting</span> : null}
      <LiveFlag level={level} words={LONGEST_WAIT_WORDS} />
    </Figure>
  );
}

const AGENT_FIGURES = [
  { label: "On queue", testId: "live-on-queue", count: (a: LiveAgents) => a.onQueue },
  { label: "Idle", testId: "live-idle", count: (a: LiveAgents) => a.idle },
  { label: "Interacting", testId: "live-interacting", count: (a: LiveAgents) => a.interacting },
  { label: "Not responding", testId: "live-not-responding", count: (a: LiveAgents) => a.notResponding },
] as const;

/** Agents on queue and what they are doing. An agent in several queues counts in each. */
export function AgentFigures({ agents }: { agents: LiveAgents }) {
  return (
    <>
      {AGENT_FIGURES.map(({ label, testId, count }) => (
        <Figure key={testId} label={label} testId={testId}>
          <span className="live-number">{groupedCount(count(agents))}</span>
        </Figure>
      ))}
    </>
  );
}

/**
 * Today's offered, abandon rate and service level against target (from the latest `today`
 * snapshot). `compact` (a tile) leaves the target out of the label: the marker's words say it.
 */
export function TodayFigures({ today, compact = false }: { today: QueueMetrics | null; compact?: boolean }) {
  return (
    <>
      <Figure label="Offered today" testId="live-offered">
        <span className="live-number">{today ? groupedCount(today.offered) : "–"}</span>
      </Figure>
      <Figure label="Abandon rate" testId="live-abandon">
        <span className="live-number">{percent(today?.abandonRate ?? null)}</span>
        <LiveFlag level={abandonLevel(today?.abandonRate ?? null)} words={ABANDON_SHORT} title={ABANDON_WORDS} />
      </Figure>
      <Figure label={compact ? "Service level" : `Service level (target ${percent(SERVICE_LEVEL_TARGET, 0)})`} testId="live-service-level">
        <span className="live-number">{percent(today?.serviceLevel ?? null)}</span>
        <LiveFlag level={serviceLevelLevel(today?.serviceLevel ?? null)} words={SERVICE_LEVEL_SHORT} title={SERVICE_LEVEL_WORDS} />
      </Figure>
    </>
  );
}
