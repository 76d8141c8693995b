/** The dashboard's URL says what the API says: `?mediaType=`, and links made with `?media=` still work. */
import { describe, expect, it } from "vitest";
import { readSelection, reportKey, selectionQuery } from "@/app/ui/dashboard/params";

describe("the dashboard's selection in the URL", () => {
  it("reads ?mediaType= and writes it, as the API names it", () => {
    const selection = readSelection(new URLSearchParams("view=today&mediaType=chat"));
    expect(selection).toEqual({ view: "today", media: "chat" });
    expect(selectionQuery(selection)).toBe("?view=today&mediaType=chat");
    expect(reportKey(selection)).toBe("/api/reports/queues?view=today&mediaType=chat");
  });

  it("still reads an older link's ?media=, and ignores what it does not know", () => {
    expect(readSelection({ media: "voice" })).toEqual({ view: "last-24h", media: "voice" });
    expect(readSelection({ view: "yesterday", mediaType: "fax" })).toEqual({ view: "last-24h", media: null });
  });
});
