/**
 * What `npm run doctor` finds: one result per check, printed one line each (✓ / ! / ✗, what was
 * found, and for every ✗ the fix), or as one JSON document.
 */

export type CheckStatus = "ok" | "warn" | "fail" | "skipped";

export type CheckResult = {
  /** Stable, for scripts reading `--json`: `config`, `reach`, `token`, `identity`, `permission.queues`, … */
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, in one sentence. */
  found: string;
  /** For every ✗ (and some !): exactly what to change, where. */
  fix?: string;
  durationMs?: number;
};

export type DoctorReport = {
  ready: boolean;
  problems: number;
  warnings: number;
  checks: CheckResult[];
};

const MARK: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗", skipped: "-" };

export function summarise(checks: CheckResult[]): DoctorReport {
  const problems = checks.filter((c) => c.status === "fail").length;
  const warnings = checks.filter((c) => c.status === "warn").length;
  return { ready: problems === 0, problems, warnings, checks };
}

export function summaryLine(report: DoctorReport): string {
  const warnings = report.warnings ? ` (${report.warnings} warning${report.warnings === 1 ? "" : "s"})` : "";
  return report.ready
    ? `Ready: every check passed${warnings}.`
    : `${report.problems} problem${report.problems === 1 ? "" : "s"} to fix${warnings}; fix the first ✗ first, later checks depend on it.`;
}

/** The terminal form: a line per check, the fix indented beneath it, the summary last. */
export function formatText(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const lines: string[] = [];
  for (const check of report.checks) {
    const took = check.durationMs !== undefined ? ` (${Math.round(check.durationMs)} ms)` : "";
    lines.push(`${MARK[check.status]} ${check.title.padEnd(width)}  ${check.found}${took}`);
    if (check.fix) lines.push(`  ${" ".repeat(width)}  fix: ${check.fix}`);
  }
  lines.push("", summaryLine(report));
  return `${lines.join("\n")}\n`;
}

export function formatJson(report: DoctorReport): string {
  return `${JSON.stringify({ ...report, summary: summaryLine(report) }, null, 2)}\n`;
}

/**
 * Removes every known secret from the report, wherever a message may have carried one (an error
 * text echoing a URL, a server's answer quoting a header): the last line of defence.
 */
export function scrubReport(report: DoctorReport, secrets: readonly (string | undefined)[]): DoctorReport {
  const known = secrets.filter((s): s is string => typeof s === "string" && s.length >= 6);
  if (known.length === 0) return report;
  const scrub = (text: string) => known.reduce((out, secret) => out.split(secret).join("…(redacted)"), text);
  return {
    ...report,
    checks: report.checks.map((c) => ({ ...c, found: scrub(c.found), ...(c.fix ? { fix: scrub(c.fix) } : {}) })),
  };
}
