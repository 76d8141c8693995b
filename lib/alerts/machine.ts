/**
 * One alert's life per (rule, queue): ok → pending → firing → resolved (ok again). A breach must
 * hold for the rule's `for` before it fires (one bad minute is not an incident), and a firing alert
 * resolves only once the value is back past the threshold by the rule's hysteresis, so a value
 * hovering at the threshold does not flap. Pure: the engine stores the states and sends the
 * transitions.
 */
import { hysteresisOf, type AlertRule } from "./rules";

export type AlertStatus = "ok" | "pending" | "firing";
export type AlertState = {
  status: AlertStatus;
  /** When the current status began (ISO-8601). */
  since: string;
  /** The last value seen. */
  value: number | null;
};

/** What a rule sees of one queue at one moment; `offered` is for `minOffered`. */
export type Observation = { value: number | null; offered: number | null };

export type Step = { state: AlertState; fired?: true; resolved?: true };

function breached(rule: AlertRule, value: number): boolean {
  return rule.op === "<" ? value < rule.threshold : value > rule.threshold;
}

function cleared(rule: AlertRule, value: number): boolean {
  const margin = hysteresisOf(rule);
  return rule.op === "<" ? value >= rule.threshold + margin : value <= rule.threshold - margin;
}

export const INITIAL_STATE: AlertState = { status: "ok", since: new Date(0).toISOString(), value: null };

/**
 * The next state at `now`. No value (no data yet), or too little traffic for the rule, changes
 * nothing: a firing alert stays firing until the data says it is over.
 */
export function stepAlert(rule: AlertRule, previous: AlertState, seen: Observation, now: Date): Step {
  if (seen.value === null || (rule.minOffered > 0 && (seen.offered ?? 0) < rule.minOffered)) {
    return { state: { ...previous, value: seen.value } };
  }
  const at = now.toISOString();
  const value = seen.value;
  switch (previous.status) {
    case "ok":
      if (!breached(rule, value)) return { state: { ...previous, value } };
      if (rule.forMs === 0) return { state: { status: "firing", since: at, value }, fired: true };
      return { state: { status: "pending", since: at, value } };
    case "pending":
      if (!breached(rule, value)) return { state: { status: "ok", since: at, value } };
      if (now.getTime() - Date.parse(previous.since) >= rule.forMs) return { state: { status: "firing", since: at, value }, fired: true };
      return { state: { ...previous, value } };
    case "firing":
      if (cleared(rule, value)) return { state: { status: "ok", since: at, value }, resolved: true };
      return { state: { ...previous, value } };
  }
}
