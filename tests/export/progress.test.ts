import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { quietProgress, summaryLine, terminalProgress } from "@/lib/export/progress";

/** A stream that says it is a terminal, collecting what is drawn on it. */
function fakeTerminal() {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 140 }) as unknown as NodeJS.WriteStream;
  let text = "";
  (stream as unknown as PassThrough).on("data", (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe("progress", () => {
  it("draws a bar with conversations done of the estimate, rate, ETA and chunk on a terminal", async () => {
    const { stream, text } = fakeTerminal();
    const view = terminalProgress(stream);
    view.start({ api: "jobs", chunks: 4, estimate: 1000, reason: "about 1000 conversations", resumedFrom: null });
    await new Promise((r) => setTimeout(r, 600));
    view.update({ written: 250, total: 1000, chunk: 2, chunks: 4 });
    view.note("the analytics job ended FAILED: submitting it again");
    view.stop();
    const shown = text();
    expect(shown).toContain("about 1000 conversations; 4 chunks");
    expect(shown).toMatch(/25% \| 250\/1000 conversations \| \d+\/s \| ETA \d+s \| chunk 2\/4/);
    expect(shown).toContain("the analytics job ended FAILED");
  });

  it("stays quiet when piped, except for notes", () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
    const view = quietProgress(stream);
    view.start({ api: "query", chunks: 1, estimate: 10, reason: "r", resumedFrom: null });
    view.update({ written: 5, total: 10, chunk: 1, chunks: 1 });
    view.note("a note");
    view.stop();
    expect(lines).toEqual(["a note\n"]);
  });

  it("sums a run up in one line, saying when a lead was read by the details query", () => {
    const summary = {
      out: "/tmp/x.csv",
      api: "jobs" as const,
      lead: false,
      chunks: 3,
      conversations: 12345,
      bytes: 5 * 1_048_576,
      resumedFrom: 100,
      jobResubmissions: 1,
      durationMs: 4200,
      client: { apiCalls: 40, tokenRequests: 1, retries: 0, rateLimited: 0, rateLimit: null, paced: { waits: 2, waitedMs: 61_000 } },
    };
    expect(summaryLine(summary, "csv")).toBe(
      "exported 12345 conversations (csv, 5.0 MB) to /tmp/x.csv; in 4.2 s; via async jobs, 3 chunks; 40 API calls, 0 rate-limited; paced 2× (61 s); resumed after 100; 1 job resubmitted",
    );
    expect(summaryLine({ ...summary, lead: true }, "csv")).toContain(
      "via async jobs (the first chunk by the details query while the next one's job queued), 3 chunks",
    );
  });
});
