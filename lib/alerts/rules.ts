/**
 * The alert rules file (README "Alerts"): `{"rules":[{id, queue, metric, source, op, threshold,
 * for, minOffered}]}`, validated once at start-up; a bad file stops the app with the rule and the
 * field named, never at the first evaluation.
 */
import { readFileSync } from "node:fs";
import { Duration } from "luxon";
import { z } from "zod";

/** Metrics of a QueueReport (sources `today`, `last-24h`; also `live`, from the live queue's `today`). */
export const REPORT_ALERT_METRICS = ["serviceLevel", "abandonRate", "answerRate", "asaSeconds", "ahtSeconds", "offered"] as const;
/** Metrics of queue state now (source `live` only). */
export const LIVE_ALERT_METRICS = ["waiting", "longestWaitingSeconds", "onQueueAgents"] as const;
export const ALERT_METRICS = [...REPORT_ALERT_METRICS, ...LIVE_ALERT_METRICS] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
export const ALERT_SOURCES = ["today", "last-24h", "live"] as const;

/** At most this many rules: each is evaluated for every queue on every snapshot. */
export const MAX_RULES = 200;
/** `for` is at most a day: longer, a rule could never fire within one `today` view. */
const MAX_FOR_MS = 24 * 60 * 60 * 1000;

function durationMs(text: string): number {
  const duration = Duration.fromISO(text);
  return duration.isValid ? duration.toMillis() : NaN;
}

const isoDuration = z.string().refine(
  (text) => {
    const ms = durationMs(text);
    return Number.isFinite(ms) && ms >= 0 && ms <= MAX_FOR_MS;
  },
  { error: (issue) => `"${String(issue.input)}" is not an ISO-8601 duration from PT0S to P1D (e.g. PT5M)` },
);

const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "id must be 1–64 letters, digits, dots, dashes or underscores" }),
    queue: z.string().min(1).max(200).default("*"),
    metric: z.enum(ALERT_METRICS, { error: `metric must be one of ${ALERT_METRICS.join(", ")}` }),
    source: z.enum(ALERT_SOURCES, { error: `source must be one of ${ALERT_SOURCES.join(", ")}` }),
    op: z.enum(["<", ">"], { error: 'op must be "<" or ">"' }),
    threshold: z.number({ error: "threshold must be a number" }).finite(),
    for: isoDuration.default("PT0S"),
    minOffered: z.number().int().nonnegative().default(0),
    /**
     * How far back past the threshold a firing value must come before the alert resolves, so a
     * value hovering at the threshold does not flap. Default: 5 % of the threshold (at least 1 for
     * counts and seconds, 0.01 for rates).
     */
    hysteresis: z.number().nonnegative().optional(),
  })
  .superRefine((rule, ctx) => {
    if ((LIVE_ALERT_METRICS as readonly string[]).includes(rule.metric) && rule.source !== "live") {
      ctx.addIssue({ code: "custom", path: ["source"], message: `metric ${rule.metric} is queue state now: source must be "live"` });
    }
  });
/** A rule as written, with `for` also in milliseconds. */
export type AlertRule = z.output<typeof ruleSchema> & { forMs: number };

const rulesFileSchema = z.strictObject({ rules: z.array(z.unknown()).max(MAX_RULES, { error: `at most ${MAX_RULES} rules` }) });

export class AlertRulesError extends Error {
  override name = "AlertRulesError";
}

const RATE_METRICS = new Set<AlertMetric>(["serviceLevel", "abandonRate", "answerRate"]);

export function hysteresisOf(rule: AlertRule): number {
  if (rule.hysteresis !== undefined) return rule.hysteresis;
  const floor = RATE_METRICS.has(rule.metric) ? 0.01 : 1;
  return Math.max(floor, Math.abs(rule.threshold) * 0.05);
}

/** Parses the rules file's JSON; every problem names the file, the rule (id, else position) and the field. */
export function parseAlertRules(json: string, file = "the alert rules"): AlertRule[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new AlertRulesError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const top = rulesFileSchema.safeParse(data);
  if (!top.success) throw new AlertRulesError(`${file}: ${top.error.issues[0]!.message} (expected {"rules": [ … ]})`);
  const rules: AlertRule[] = [];
  const seen = new Set<string>();
  top.data.rules.forEach((raw, index) => {
    const name = typeof (raw as { id?: unknown })?.id === "string" ? `rule "${(raw as { id: string }).id}"` : `rule #${index + 1}`;
    const parsed = ruleSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path.join(".");
      const message = issue.code === "unrecognized_keys" ? "is not a rule field" : issue.message;
      throw new AlertRulesError(`${file}: ${name}, field ${field || "(the rule)"}: ${message}`);
    }
    if (seen.has(parsed.data.id)) throw new AlertRulesError(`${file}: ${name}, field id: another rule has the same id`);
    seen.add(parsed.data.id);
    rules.push({ ...parsed.data, forMs: durationMs(parsed.data.for) });
  });
  return rules;
}

export function loadAlertRules(file: string | null): AlertRule[] {
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AlertRulesError(`ALERT_RULES: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseAlertRules(text, file);
}
