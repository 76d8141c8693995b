import { describe, expect, it } from "vitest";
import { GenesysResponseError, PageBuffer, readRecordPage } from "@/lib/genesys";
import { collect, recentInterval, setup } from "./sim-client";

const ref = { method: "GET", path: "/api/v2/x", status: 200 };
const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");
const conv = (id: string, extra = "") => `{"conversationId":"${id}","conversationStart":"2026-11-18T10:00:00.000Z"${extra}}`;

describe("readRecordPage (the bulk fast path)", () => {
  it("splits the records, keeps each one's bytes exactly, and reads the other fields", () => {
    const first = conv("a", ',"participants":[{"name":"Zoë \\"Z\\" Ünal","sessions":[{"metrics":[{"name":"tTalk","value":1.5e3}]}]}]');
    const second = conv("b", ',"note":"braces } ] { [ and a backslash \\\\"');
    const page = readRecordPage(bytes(` {"totalHits": 2, "conversations": [ ${first} ,${second}], "cursor":"c1"} `), ref);
    expect(page.totalHits).toBe(2);
    expect(page.cursor).toBe("c1");
    const records = [...page.conversations];
    expect(records.map((r) => r.conversationId)).toEqual(["a", "b"]);
    expect(text(records[0]!.json)).toBe(first);
    expect(text(records[1]!.json)).toBe(second);
    expect(JSON.parse(text(records[0]!.json)).participants[0].name).toBe('Zoë "Z" Ünal');
  });

  it("treats an absent or null `conversations` as no records (past the last page)", () => {
    expect(readRecordPage(bytes('{"totalHits":0}'), ref).conversations.length).toBe(0);
    expect(readRecordPage(bytes('{"conversations":null}'), ref).conversations.length).toBe(0);
    expect(readRecordPage(bytes('{"conversations":[]}'), ref).conversations.length).toBe(0);
  });

  it("makes a record laid out on several lines one line (NDJSON stays one record per line)", () => {
    const page = readRecordPage(
      bytes(`{"conversations":[{\n  "conversationId": "a",\n  "conversationStart": "2026-11-18T10:00:00Z"\n}]}`),
      ref,
    );
    const [record] = [...page.conversations];
    expect(text(record!.json)).toBe('{"conversationId":"a","conversationStart":"2026-11-18T10:00:00Z"}');
  });

  it.each([
    ["", /the body is empty/],
    ['{"conversations":[{"conversationId":"a"', /not JSON/],
    ['{"entities":[{"id":"', /not JSON/],
    ["<html>Bad gateway</html>", /not JSON/],
    ['{"conversations":[' + conv("a") + "]} trailing", /not JSON/],
    ['{"conversations":{}}', /conversations/],
    ['{"cursor":5}', /cursor/],
  ])("refuses a body that is not a page: %j", (body, message) => {
    const error = (() => {
      try {
        const page = readRecordPage(bytes(body), ref);
        void [...page.conversations]; // iterating checks every record
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(GenesysResponseError);
    expect((error as Error).message).toMatch(message);
  });

  it.each([
    ['{"conversations":[{"conversationStart":"2026-11-18T10:00:00Z"}]}', /conversations\.0\.conversationId/],
    ['{"conversations":[{"conversationId":"a","conversationStart":"yesterday"}]}', /conversations\.0\.conversationStart/],
    ['{"conversations":[{"conversationId":"a","conversationStart":"2026-11-18T10:00:00Z", }]}', /conversations\.0: not JSON/],
    ['{"conversations":[5]}', /conversations\.0/],
  ])("checks each record as it is reached: %j", (body, message) => {
    const page = readRecordPage(bytes(body), ref);
    expect(() => [...page.conversations]).toThrow(message);
  });
});

describe("bulk pages through the client", () => {
  it("reads the details query and job results into reusable buffers, the same records as the validated path", async () => {
    const { client } = setup({ jobDelayMs: 0 });
    const interval = recentInterval(6);
    const validated = await collect(client.queryConversationDetails({ interval }));
    const buffer = new PageBuffer(1024);
    const ids: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await client.queryConversationDetailsPage({ interval, paging: { pageSize: 100, pageNumber } }, { buffer });
      if (page.conversations.length === 0) break;
      expect(page.totalHits).toBe(validated.length);
      for (const record of page.conversations) ids.push(record.conversationId);
    }
    expect(ids).toEqual(validated.map((c) => c.conversationId));
    expect(buffer.capacity).toBeGreaterThan(1024); // grew to fit a page, then reused

    // A job matches conversations with activity during the interval; the sync query, those that
    // started on a UTC day the interval touches (lib/sim/README.md, "Interval semantics"). With
    // startOfDayIntervalMatching the job's are the sync query's that were active in the interval.
    const [start, end] = interval.split("/").map((t) => Date.parse(t)) as [number, number];
    const active = validated
      .filter((c) => Date.parse(c.conversationStart) < end && (c.conversationEnd === undefined || Date.parse(c.conversationEnd) >= start))
      .map((c) => c.conversationId);
    expect(active.length).toBeGreaterThan(0);
    const { jobId } = await client.detailsJobs.create({ interval, startOfDayIntervalMatching: true });
    await client.detailsJobs.waitUntilDone(jobId, { pollMs: 1 });
    const fromJob: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.detailsJobs.resultsPage(jobId, { pageSize: 250, buffer, ...(cursor ? { cursor } : {}) });
      for (const record of page.conversations) {
        fromJob.push(record.conversationId);
        expect(JSON.parse(text(record.json)).participants.length).toBeGreaterThan(0);
      }
      cursor = page.cursor;
    } while (cursor);
    expect(new Set(fromJob)).toEqual(new Set(active));
  });
});
