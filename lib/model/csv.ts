/**
 * One CSV cell, for every CSV the project writes: the QueueReport CSVs (`queueReportCsv` in
 * `lib/reports/format.ts`: the report command's and the dashboard's download) and the
 * conversation export (`lib/export/format.ts`). No imports: the browser bundle uses it too.
 *
 * Spreadsheets run a cell as a formula when it starts with `=`, `+`, `-` or `@`, and also after a
 * leading tab or carriage return; queue names, wrap-up codes and the like come from the org and
 * are not trusted. Such a cell gets a leading single quote, as the OWASP page "CSV Injection"
 * (https://owasp.org/www-community/attacks/CSV_Injection) recommends, so it opens as text.
 *
 * The one exemption is a plain number (`-12.5`, `0.85`, `1e3`): the whole cell must match
 * `PLAIN_NUMBER`. Looking only at the first characters is not enough: `-2+3+cmd|' /C calc'!A0` and
 * `-1+HYPERLINK("…")` start like numbers and are formulas.
 *
 * Quoting follows RFC 4180 section 2 (https://www.rfc-editor.org/rfc/rfc4180#section-2): a cell
 * holding a comma, a double quote, CR or LF is enclosed in double quotes, and each double quote
 * inside is doubled.
 */

/** Optional minus, digits, optional fraction, optional exponent; nothing before or after. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The first characters that make a spreadsheet read a cell as a formula (OWASP, above). */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** True when a spreadsheet could run `value` as a formula. */
export function isFormulaLike(value: string): boolean {
  return value !== "" && FORMULA_START.has(value[0]!) && !PLAIN_NUMBER.test(value);
}

/** `value` as one CSV cell: neutralised when formula-like, quoted when RFC 4180 requires it. */
export function csvCell(value: string): string {
  const safe = isFormulaLike(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A row of cells, without its line end (RFC 4180 lines end in CRLF). */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(",");
}
