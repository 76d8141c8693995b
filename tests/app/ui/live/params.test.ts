/** The wallboard's URL: `?queues=` (a link's comma list or the picker's repeated boxes) to the API's `?queueId=`. */
import { describe, expect, it } from "vitest";
import { liveApiSearch, livePageHref, liveQueueHref, liveStreamUrl } from "@/app/ui/live/params";

describe("the wallboard's URL", () => {
  it("maps ?queues= (comma-joined or repeated) and ?mediaType= to the API's names", () => {
    expect(liveApiSearch({ queues: "a,b", mediaType: "voice", wall: "1" }).toString()).toBe("queueId=a%2Cb&mediaType=voice");
    expect(liveApiSearch({ queues: ["a", "b,c", "a"] }).get("queueId")).toBe("a,b,c");
    // The picker's form sends an empty media type for "All" and nothing when no box is checked.
    expect(liveApiSearch({ mediaType: "" }).toString()).toBe("");
    expect(liveApiSearch({ queues: " , " }).toString()).toBe("");
  });

  it("streams and links with the same filter", () => {
    const selection = { queueIds: ["a", "b"], mediaType: "chat" };
    expect(liveStreamUrl(selection)).toBe("/api/live/stream?queueId=a,b&mediaType=chat");
    expect(liveStreamUrl({})).toBe("/api/live/stream");
    expect(livePageHref(selection, true)).toBe("/live?queues=a,b&mediaType=chat&wall=1");
    expect(livePageHref({}, false)).toBe("/live");
  });

  it("opens a tile's queue on today's view, with the media type when the dashboard has it", () => {
    expect(liveQueueHref("q-1", undefined, false)).toBe("/queues/q-1?view=today");
    expect(liveQueueHref("q-1", "voice", true)).toBe("/queues/q-1?view=today&mediaType=voice&wall=1");
    expect(liveQueueHref("q-1", "callback", false)).toBe("/queues/q-1?view=today");
  });
});
