/**
 * Service-level and abandon-rate thresholds. A level is shown by colour AND by a marker whose
 * shape differs per level (✓, !, ✕) and whose accessible name says it in words.
 */
export type Level = "good" | "warn" | "bad";

/** The service-level target the dashboard measures against. */
export const SERVICE_LEVEL_TARGET = 0.8;
const SERVICE_LEVEL_WARN = 0.6;
/** Abandon rate: at most 5% is fine, above 10% needs attention. */
const ABANDON_GOOD = 0.05;
const ABANDON_WARN = 0.1;

export function serviceLevelLevel(v: number | null): Level | null {
  if (v === null) return null;
  return v >= SERVICE_LEVEL_TARGET ? "good" : v >= SERVICE_LEVEL_WARN ? "warn" : "bad";
}

export function abandonLevel(v: number | null): Level | null {
  if (v === null) return null;
  return v <= ABANDON_GOOD ? "good" : v <= ABANDON_WARN ? "warn" : "bad";
}

export const SERVICE_LEVEL_WORDS: Record<Level, string> = {
  good: "meets the 80% target",
  warn: "below the 80% target",
  bad: "well below target (under 60%)",
};

export const ABANDON_WORDS: Record<Level, string> = {
  good: "abandon rate fine (5% or less)",
  warn: "abandon rate high (over 5%)",
  bad: "abandon rate too high (over 10%)",
};

/**
 * The glyph comes from CSS (`::before`), so the cell's text stays the number alone (what the CSV
 * holds) while screen readers hear the words.
 */
export function LevelMarker({ level, words }: { level: Level | null; words: Record<Level, string> }) {
  if (!level) return null;
  return <span className={`marker marker-${level}`} role="img" aria-label={words[level]} title={words[level]} />;
}
