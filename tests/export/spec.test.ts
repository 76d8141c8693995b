import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExportUsageError, exportSpecFrom } from "@/lib/export";

const interval = "2026-11-01T00:00:00Z/2026-11-08T00:00:00Z";

describe("exportSpecFrom", () => {
  it("reads the arguments: UTC unless an offset is given, lists sorted and without repeats", () => {
    const spec = exportSpecFrom({
      interval: "2026-11-01T00:00:00+01:00/2026-11-02T00:00",
      out: "x.csv",
      format: "csv",
      media: "voice,chat,voice",
      queue: "FA616106-5339-4634-8455-4ad34e98ebdb",
    });
    expect(spec).toEqual({
      start: Date.UTC(2026, 9, 31, 23),
      end: Date.UTC(2026, 10, 2),
      format: "csv",
      out: path.resolve("x.csv"),
      media: ["chat", "voice"],
      queues: ["fa616106-5339-4634-8455-4ad34e98ebdb"],
      api: "auto",
    });
    expect(exportSpecFrom({ interval, out: "x" })).toMatchObject({ format: "ndjson", media: [], queues: [] });
  });

  it.each([
    [{ out: "x" }, "--interval", /--interval START\/END is required/],
    [{ interval: "2026-11-01", out: "x" }, "--interval", /START\/END/],
    [{ interval: "yesterday/today", out: "x" }, "--interval", /not ISO-8601/],
    [{ interval: "2026-11-08T00:00:00Z/2026-11-01T00:00:00Z", out: "x" }, "--interval", /must end after it starts/],
    [{ interval }, "--out", /--out FILE is required/],
    [{ interval, out: "x", format: "xml" }, "--format", /unknown format "xml"/],
    [{ interval, out: "x", media: "voice,fax" }, "--media", /unknown media type "fax"/],
    [{ interval, out: "x", media: "voice,," }, "--media", /without empty items/],
    [{ interval, out: "x", queue: "sales" }, "--queue", /"sales" is not a queue id/],
    [{ interval, out: "x", api: "fast" }, "--api", /unknown API choice/],
  ])("refuses %j", (raw, argument, message) => {
    const error = (() => {
      try {
        exportSpecFrom(raw);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ExportUsageError);
    expect((error as ExportUsageError).argument).toBe(argument);
    expect((error as Error).message).toMatch(message);
  });
});
