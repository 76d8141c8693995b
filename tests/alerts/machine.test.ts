import { describe, expect, it } from "vitest";
import { INITIAL_STATE, stepAlert, type AlertState } from "@/lib/alerts/machine";
import { parseAlertRules } from "@/lib/alerts/rules";

const [rule] = parseAlertRules(
  JSON.stringify({ rules: [{ id: "sl", metric: "serviceLevel", source: "today", op: "<", threshold: 0.8, for: "PT5M", minOffered: 10 }] }),
);
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 26, 12, minutes));

/** Feeds values a minute apart; answers each step's status and what it sent. */
function run(values: (number | null)[], offered = 50): string[] {
  let state: AlertState = INITIAL_STATE;
  return values.map((value, minute) => {
    const step = stepAlert(rule!, state, { value, offered }, at(minute));
    state = step.state;
    return step.fired ? "FIRE" : step.resolved ? "RESOLVE" : state.status;
  });
}

describe("the alert state machine", () => {
  it("fires only once the breach has held for `for`, and once", () => {
    expect(run([0.9, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7])).toEqual([
      "ok",
      "pending",
      "pending",
      "pending",
      "pending",
      "pending",
      "FIRE",
      "firing",
    ]);
  });

  it("goes back to ok when the breach ends before `for`", () => {
    expect(run([0.7, 0.7, 0.85, 0.7])).toEqual(["pending", "pending", "ok", "pending"]);
  });

  it("does not flap around the threshold: it resolves only past the hysteresis", () => {
    const values = [0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.81, 0.79, 0.82, 0.795, 0.85];
    expect(run(values)).toEqual([
      "pending",
      "pending",
      "pending",
      "pending",
      "pending",
      "FIRE",
      "firing",
      "firing",
      "firing",
      "firing",
      "RESOLVE",
    ]);
  });

  it("decides nothing on two calls (minOffered) or without data", () => {
    expect(run([0.1, 0.1, 0.1], 2)).toEqual(["ok", "ok", "ok"]);
    expect(run([0.7, 0.7, 0.7, 0.7, 0.7, 0.7, null, null])).toEqual([
      "pending",
      "pending",
      "pending",
      "pending",
      "pending",
      "FIRE",
      "firing",
      "firing",
    ]);
  });
});
