import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, CSV_COLUMN_DOCS, csvRow, formatConversations } from "@/lib/export/format";
import type { RawConversation } from "@/lib/genesys";
import type { ConversationRecord } from "@/lib/genesys/schemas";

const conversation = {
  conversationId: "c-1",
  conversationStart: "2026-11-18T10:00:00.000Z",
  conversationEnd: "2026-11-18T10:09:00.000Z",
  originatingDirection: "inbound",
  divisionIds: ["d-1"],
  participants: [
    { purpose: "customer", sessions: [{ mediaType: "voice", metrics: [{ name: "nConversations", value: 1 }] }] },
    {
      purpose: "acd",
      sessions: [
        {
          mediaType: "voice",
          segments: [{ queueId: "q-1" }],
          metrics: [
            { name: "tAnswered", value: 12_345 },
            { name: "nOffered", value: 1 },
          ],
        },
      ],
    },
    {
      purpose: "agent",
      userId: "u-1",
      sessions: [
        {
          mediaType: "voice",
          segments: [{ queueId: "q-1", wrapUpCode: "w-1" }, { queueId: "q-2" }],
          metrics: [
            { name: "tTalk", value: 300_000 },
            { name: "tHeld", value: 20_500 },
            { name: "tAcw", value: 30_000 },
            { name: "tHandle", value: 350_500 },
            { name: "nTransferred", value: 1 },
          ],
        },
      ],
    },
  ],
} satisfies ConversationRecord;

const cellsOf = (row: string) => Object.fromEntries(row.split(",").map((cell, i) => [CSV_COLUMNS[i], cell]));

describe("CSV rows", () => {
  it("derives the columns people filter on from sessions, segments and metrics", () => {
    const names = new Map([["q-1", "Sales"]]);
    expect(cellsOf(csvRow(conversation, names))).toEqual({
      conversationId: "c-1",
      conversationStart: "2026-11-18T10:00:00.000Z",
      conversationEnd: "2026-11-18T10:09:00.000Z",
      direction: "inbound",
      mediaTypes: "voice",
      queueIds: "q-1;q-2",
      queueNames: "Sales;", // q-2 is not a queue this client can see
      divisionIds: "d-1",
      agentIds: "u-1",
      wrapUpCodes: "w-1",
      answered: "true",
      abandoned: "false",
      transferred: "true",
      answerSeconds: "12.345",
      talkSeconds: "300",
      holdSeconds: "20.5",
      acwSeconds: "30",
      handleSeconds: "350.5",
    });
    expect(Object.keys(CSV_COLUMN_DOCS)).toEqual([...CSV_COLUMNS]);
  });

  it("documents every CSV column in the README, in the file's order", async () => {
    const readme = await readFile(path.join(process.cwd(), "README.md"), "utf8");
    const documented = [...readme.matchAll(/^\| `(\w+)` \| (.+) \|$/gm)].filter(([, name]) => name! in CSV_COLUMN_DOCS);
    expect(documented.map(([, name]) => name)).toEqual([...CSV_COLUMNS]);
    for (const [, name, text] of documented) expect(text).toBe(CSV_COLUMN_DOCS[name as keyof typeof CSV_COLUMN_DOCS]);
  });

  it("leaves an ongoing, abandoned conversation's end empty and its durations 0", () => {
    const abandoned = {
      conversationId: "c-2",
      conversationStart: "2026-11-18T10:00:00Z",
      participants: [{ purpose: "acd", sessions: [{ mediaType: "chat", metrics: [{ name: "tAbandon", value: 4_000 }] }] }],
    };
    expect(cellsOf(csvRow(abandoned, new Map()))).toMatchObject({
      conversationEnd: "",
      answered: "false",
      abandoned: "true",
      talkSeconds: "0",
      handleSeconds: "0",
    });
  });

  it("quotes by RFC 4180 and neutralises text a spreadsheet would run as a formula", () => {
    const row = csvRow({ ...conversation, originatingDirection: '=HYPERLINK("http://x","y")' }, new Map([["q-1", 'Sales, "EMEA"']]));
    expect(row).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(row).toContain('"Sales, ""EMEA"";"');
  });
});

describe("formatConversations", () => {
  const raw = (c: ConversationRecord): RawConversation => ({
    conversationId: c.conversationId,
    conversationStart: c.conversationStart,
    json: new Uint8Array(Buffer.from(JSON.stringify(c))),
  });
  const text = (pieces: Iterable<Uint8Array>) => Buffer.concat([...pieces]).toString("utf8");

  it("writes NDJSON as the records' own bytes, one per line", () => {
    const records = [raw(conversation), raw({ conversationId: "c-2", conversationStart: "2026-11-18T10:00:00Z" })];
    const lines = text(formatConversations(records, "ndjson", new Map())).split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toEqual(conversation);
    expect(lines[2]).toBe("");
  });

  it("writes CSV rows ending in CRLF", () => {
    expect(text(formatConversations([raw(conversation)], "csv", new Map()))).toMatch(/^c-1,.*\r\n$/);
  });
});
