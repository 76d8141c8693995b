import { describe, expect, it } from "vitest";
import { bucketsOf, parseWindow, resolveView, WindowError, windowInterval } from "@/lib/reports/views";

const now = new Date("2026-03-29T10:17:00Z"); // the day clocks go forward in Europe

describe("views", () => {
  it("today runs from local midnight to the end of the current half hour", () => {
    const w = resolveView("today", "UTC", now);
    expect(windowInterval(w)).toBe("2026-03-29T00:00:00.000Z/2026-03-29T10:30:00.000Z");
    expect(bucketsOf(w)).toHaveLength(21);
    expect(w.granularity).toBe("PT30M");
  });

  it("today starts at local midnight on the day a zone moves to summer time", () => {
    const w = resolveView("today", "Europe/Dublin", now);
    // Local midnight in Dublin was 00:00 UTC (GMT); it is 11:17 IST now.
    expect(w.start.toUTC().toISO()).toBe("2026-03-29T00:00:00.000Z");
    expect(w.end.toUTC().toISO()).toBe("2026-03-29T10:30:00.000Z");
  });

  it("last-24h is 24 hourly buckets ending with the current hour", () => {
    const w = resolveView("last-24h", "UTC", now);
    expect(windowInterval(w)).toBe("2026-03-28T11:00:00.000Z/2026-03-29T11:00:00.000Z");
    expect(bucketsOf(w)).toHaveLength(24);
  });

  it("last-7d is seven calendar days in the report's zone, across a DST change", () => {
    const w = resolveView("last-7d", "Europe/Dublin", now);
    const buckets = bucketsOf(w);
    expect(buckets).toHaveLength(7);
    // The DST day is 23 hours long; the others 24.
    const hours = buckets.map((b) => (b.end - b.start) / 3_600_000);
    expect(hours.filter((h) => h === 23)).toHaveLength(1);
    expect(hours.filter((h) => h === 24)).toHaveLength(6);
  });

  it("parses an on-demand window and names the field of every mistake", () => {
    const w = parseWindow({ interval: "2026-03-01T00:00:00Z/2026-03-02T00:00:00Z", granularity: "PT1H" });
    expect(bucketsOf(w)).toHaveLength(24);
    const field = (input: Parameters<typeof parseWindow>[0]) => {
      try {
        parseWindow(input);
      } catch (e) {
        return e instanceof WindowError ? e.field : "not a WindowError";
      }
      return "accepted";
    };
    expect(field({ interval: "yesterday", granularity: "PT1H" })).toBe("interval");
    expect(field({ interval: "2026-03-02T00:00:00Z/2026-03-01T00:00:00Z", granularity: "PT1H" })).toBe("interval");
    expect(field({ interval: "2026-03-01T00:00:00Z/2026-03-02T00:00:00Z", granularity: "1 hour" })).toBe("granularity");
    expect(field({ interval: "2026-03-01T00:00:00Z/2026-03-31T00:00:00Z", granularity: "PT1M" })).toBe("granularity");
    expect(field({ interval: "2026-03-01T00:00:00Z/2026-03-02T00:00:00Z", granularity: "PT1H", timeZone: "Mars/Olympus" })).toBe(
      "timeZone",
    );
  });
});
