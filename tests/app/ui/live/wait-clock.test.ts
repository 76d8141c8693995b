/** The ticking figures: the longest wait as m:ss (h:mm:ss past an hour) and "updated N s ago". */
import { describe, expect, it } from "vitest";
import { formatAgo, formatWait, secondsSince, waitedNow } from "@/app/ui/live/wait-clock";

describe("the longest wait's clock", () => {
  it("reads m:ss under an hour and h:mm:ss past it, in whole seconds", () => {
    expect(formatWait(0)).toBe("0:00");
    expect(formatWait(7)).toBe("0:07");
    expect(formatWait(59.99)).toBe("0:59");
    expect(formatWait(60)).toBe("1:00");
    expect(formatWait(12 * 60 + 5)).toBe("12:05");
    expect(formatWait(3599)).toBe("59:59");
    expect(formatWait(3600)).toBe("1:00:00");
    expect(formatWait(3600 + 2 * 60 + 3)).toBe("1:02:03");
    expect(formatWait(26 * 3600)).toBe("26:00:00");
    expect(formatWait(-5)).toBe("0:00");
  });

  it("ticks from observedAt with the browser's clock, never backwards", () => {
    const observedAt = "2026-11-20T14:00:00.000Z";
    const at = Date.parse(observedAt);
    expect(waitedNow(42, observedAt, at)).toBe(42);
    expect(waitedNow(42, observedAt, at + 3_000)).toBe(45);
    expect(formatWait(waitedNow(58, observedAt, at + 2_500)!)).toBe("1:00");
    // A browser clock behind the server's: the wait stays at what was observed.
    expect(waitedNow(42, observedAt, at - 10_000)).toBe(42);
    expect(waitedNow(null, observedAt, at + 3_000)).toBeNull();
  });

  it("says how long ago the numbers were observed", () => {
    const observedAt = "2026-11-20T14:00:00.000Z";
    const at = Date.parse(observedAt);
    expect(secondsSince(observedAt, at + 3_400)).toBeCloseTo(3.4);
    expect(secondsSince("not a time", at)).toBeNull();
    expect(formatAgo(3.4)).toBe("3 s ago");
    expect(formatAgo(0)).toBe("0 s ago");
    expect(formatAgo(125)).toBe("2 min ago");
    expect(formatAgo(3600 + 5 * 60)).toBe("1 h 05 min ago");
  });
});
