import { describe, expect, it } from "vitest";
import { hysteresisOf, parseAlertRules } from "@/lib/alerts/rules";

const file = (rules: unknown[]) => JSON.stringify({ rules });
const good = {
  id: "sl-sales",
  queue: "Sales",
  metric: "serviceLevel",
  source: "today",
  op: "<",
  threshold: 0.8,
  for: "PT5M",
  minOffered: 10,
};

describe("the alert rules file", () => {
  it("reads a rule with its defaults, and `for` in milliseconds", () => {
    const [rule] = parseAlertRules(file([good]));
    expect(rule).toMatchObject({ id: "sl-sales", queue: "Sales", for: "PT5M", forMs: 300_000, minOffered: 10 });
    const [bare] = parseAlertRules(file([{ id: "w", metric: "waiting", source: "live", op: ">", threshold: 5 }]));
    expect(bare).toMatchObject({ queue: "*", for: "PT0S", forMs: 0, minOffered: 0 });
  });

  it.each([
    [[{ ...good, metric: "handled" }], /rule "sl-sales", field metric: metric must be one of serviceLevel/],
    [[{ ...good, for: "5 minutes" }], /rule "sl-sales", field for: "5 minutes" is not an ISO-8601 duration/],
    [[{ ...good, op: ">=" }], /field op: op must be "<" or ">"/],
    [[{ ...good, threshold: "0.8" }], /field threshold: threshold must be a number/],
    [[{ ...good, metric: "waiting" }], /field source: metric waiting is queue state now: source must be "live"/],
    [[{ ...good, color: "red" }], /rule "sl-sales", field color: is not a rule field/],
    [[{ ...good, id: undefined }], /rule #1, field id/],
    [[good, good], /rule "sl-sales", field id: another rule has the same id/],
  ])("names the rule and the field of a bad rule (%#)", (rules, message) => {
    expect(() => parseAlertRules(file(rules), "alerts.json")).toThrow(message);
  });

  it("says what is wrong with a file that is not a rules file", () => {
    expect(() => parseAlertRules("{", "alerts.json")).toThrow(/alerts.json is not JSON/);
    expect(() => parseAlertRules("[]", "alerts.json")).toThrow(/expected \{"rules": \[ … \]\}/);
  });

  it("keeps a value hovering at the threshold from flapping: 5 % hysteresis by default, at least one count", () => {
    const [sl, waiting] = parseAlertRules(file([good, { id: "w", metric: "waiting", source: "live", op: ">", threshold: 5 }]));
    expect(hysteresisOf(sl!)).toBeCloseTo(0.04);
    expect(hysteresisOf(waiting!)).toBe(1);
  });
});
