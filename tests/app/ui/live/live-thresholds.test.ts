/** The wallboard's thresholds: longest wait per media type, waiting against idle agents. */
import { describe, expect, it } from "vitest";
import {
  LONGEST_WAIT_LIMITS,
  longestWaitLevel,
  staffingLevel,
  waitLimitsFor,
  waitingMediaOf,
  worstLevel,
} from "@/app/ui/live/live-thresholds";

const state = (waiting: number, onQueue: number, idle: number) => ({ waiting, agents: { onQueue, idle } });

describe("longest wait", () => {
  it("is fine, high, then too high at the voice limits", () => {
    const { warn, alert } = LONGEST_WAIT_LIMITS.voice!;
    expect(longestWaitLevel(warn - 1, ["voice"])).toBe("good");
    expect(longestWaitLevel(warn, ["voice"])).toBe("warn");
    expect(longestWaitLevel(alert - 1, ["voice"])).toBe("warn");
    expect(longestWaitLevel(alert, ["voice"])).toBe("bad");
  });

  it("has no level when nobody waits", () => {
    expect(longestWaitLevel(null, [])).toBeNull();
  });

  it("measures each media type against its own limits", () => {
    expect(longestWaitLevel(10 * 60, ["voice"])).toBe("bad");
    expect(longestWaitLevel(10 * 60, ["chat"])).toBe("bad");
    expect(longestWaitLevel(10 * 60, ["message"])).toBe("good");
    expect(longestWaitLevel(2 * 3600, ["email"])).toBe("good");
    // An unknown media type is treated as voice.
    expect(longestWaitLevel(90, ["video"])).toBe("warn");
  });

  it("uses the most lenient limits when several media wait (the longest waiter's media is not known)", () => {
    expect(waitLimitsFor(["voice", "email"])).toEqual(LONGEST_WAIT_LIMITS.email);
    expect(longestWaitLevel(30 * 60, ["voice", "email"])).toBe("good");
    expect(waitLimitsFor([])).toEqual(LONGEST_WAIT_LIMITS.voice);
  });

  it("lists the media types with someone waiting", () => {
    const queues = [
      {
        byMedia: [
          { mediaType: "voice", waiting: 2 },
          { mediaType: "chat", waiting: 0 },
        ],
      },
      {
        byMedia: [
          { mediaType: "email", waiting: 1 },
          { mediaType: "voice", waiting: 1 },
        ],
      },
    ];
    expect(waitingMediaOf(queues).sort()).toEqual(["email", "voice"]);
  });
});

describe("waiting against idle agents", () => {
  it("is fine with nobody waiting, whatever the agents", () => {
    expect(staffingLevel(state(0, 0, 0))).toBe("good");
  });

  it("is fine while there are at least as many idle agents as people waiting", () => {
    expect(staffingLevel(state(3, 10, 3))).toBe("good");
  });

  it("warns when more wait than agents are idle", () => {
    expect(staffingLevel(state(4, 10, 3))).toBe("warn");
    expect(staffingLevel(state(1, 10, 0))).toBe("warn");
  });

  it("alerts when people wait and nobody is on queue", () => {
    expect(staffingLevel(state(1, 0, 0))).toBe("bad");
  });
});

describe("a tile's frame", () => {
  it("shows the worst of its levels", () => {
    expect(worstLevel([null, "good"])).toBe("good");
    expect(worstLevel(["good", "warn"])).toBe("warn");
    expect(worstLevel(["warn", "bad", null])).toBe("bad");
  });
});
