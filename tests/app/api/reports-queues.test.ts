import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { queueReportSchema } from "@/lib/model/queue-report";
import { freshApp, get } from "./helpers";

const SECRET = "a-cron-secret-of-decent-length";
let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
  vi.restoreAllMocks();
});

async function routes() {
  return {
    reports: (await import("@/app/api/reports/queues/route")).GET,
    cron: (await import("@/app/api/cron/refresh/route")).GET,
  };
}

describe("GET /api/reports/queues", () => {
  it("answers 404 with a message for a view that was never refreshed", async () => {
    app = await freshApp();
    const { reports } = await routes();
    const response = await reports(get("/api/reports/queues?view=last-7d"));
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: "not_refreshed", field: "view" });
  });

  it("serves the stored snapshot of a view, and of one media type", async () => {
    app = await freshApp({ CRON_SECRET: SECRET });
    const { reports, cron } = await routes();
    await cron(get("/api/cron/refresh", { authorization: `Bearer ${SECRET}` }));
    const before = app.simulator.stats().apiRequests;

    const all = queueReportSchema.parse(await (await reports(get("/api/reports/queues?view=last-24h"))).json());
    const voice = queueReportSchema.parse(await (await reports(get("/api/reports/queues?view=last-24h&mediaType=voice"))).json());
    const chat = queueReportSchema.parse(await (await reports(get("/api/reports/queues?view=last-24h&mediaType=chat"))).json());
    expect(all.view).toBe("last-24h");
    expect(voice.totals.offered).toBeGreaterThan(0);
    expect(voice.totals.offered).toBeLessThan(all.totals.offered);
    expect(voice.totals.offered + chat.totals.offered).toBeLessThanOrEqual(all.totals.offered);
    // Viewers never call Genesys.
    expect(app.simulator.stats().apiRequests).toBe(before);

    // A browser revalidating an unchanged snapshot gets a 304 without a body.
    const first = await reports(get("/api/reports/queues?view=last-24h"));
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const revalidated = await reports(get("/api/reports/queues?view=last-24h", { "if-none-match": etag }));
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
    expect((await reports(get("/api/reports/queues?view=last-24h&mediaType=voice", { "if-none-match": etag }))).status).toBe(200);
  });

  it.each([
    ["view=yesterday", "view", /view must be one of today, last-24h, last-7d/],
    ["view=today&interval=2026-11-01T00:00:00Z/2026-11-02T00:00:00Z&granularity=PT1H", "view", /either view or interval/],
    ["interval=2026-11-01T00:00:00Z&granularity=PT1H", "interval", /START\/END/],
    ["interval=2026-11-02T00:00:00Z/2026-11-01T00:00:00Z&granularity=PT1H", "interval", /must end after it starts/],
    ["interval=2026-11-01T00:00:00Z/2026-11-02T00:00:00Z", "granularity", /granularity is required/],
    ["interval=2026-11-01T00:00:00Z/2026-11-02T00:00:00Z&granularity=soon", "granularity", /not an ISO-8601 duration/],
    ["interval=2026-10-01T00:00:00Z/2026-10-31T00:00:00Z&granularity=PT1M", "granularity", /too long for granularity/],
    ["interval=2026-11-01T00:00:00Z/2026-11-02T00:00:00Z&granularity=PT1H&timeZone=Nowhere/Town", "timeZone", /IANA time zone/],
    ["view=today&mediaType=pigeon", "mediaType", /mediaType must be one of/],
    ["view=today&format=xml", "format", /unknown parameter "format"/],
    ["view=today&view=last-7d", "view", /more than once/],
  ])("answers 400 naming the field for %s, and never reaches Genesys", async (query, field, message) => {
    app = await freshApp();
    const { reports } = await routes();
    const response = await reports(get(`/api/reports/queues?${query}`));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("bad_request");
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(app.simulator.stats().apiRequests + app.simulator.stats().tokenRequests).toBe(0);
  });

  it("runs an on-demand interval by client credentials and caches it per query", async () => {
    app = await freshApp();
    const { reports } = await routes();
    const url = "/api/reports/queues?interval=2026-11-01T00:00:00Z/2026-11-02T00:00:00Z&granularity=PT1H&mediaType=voice";
    const first = await reports(get(url));
    expect(first.status).toBe(200);
    const report = queueReportSchema.parse(await first.json());
    expect(report.queues[0]!.series).toHaveLength(24);
    const calls = app.simulator.stats().apiRequests;
    expect((await reports(get(url))).status).toBe(200);
    expect(app.simulator.stats().apiRequests).toBe(calls);
  });

  it("skips a corrupt snapshot file with a warning and serves the last good one", async () => {
    app = await freshApp({ CRON_SECRET: SECRET });
    const { reports, cron } = await routes();
    await cron(get("/api/cron/refresh", { authorization: `Bearer ${SECRET}` }));
    const good = await (await reports(get("/api/reports/queues?view=today"))).json();

    // A newer file that was cut off half-way (a full disk, a crash outside our atomic writes).
    const dir = path.join(app.dataDir, "snapshots", "today");
    const newest = (await readdir(dir)).sort().at(-1)!;
    await writeFile(path.join(dir, `9${newest.slice(1)}`), '{"view":"today","queues":[{"queueId":');
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await new Promise((r) => setTimeout(r, 1100)); // the store looks at the disk again after a second

    const response = await reports(get("/api/reports/queues?view=today"));
    expect(response.status).toBe(200);
    expect((await response.json()).generatedAt).toBe(good.generatedAt);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/ignoring unreadable snapshot/));
  });

  it("withholds a real org's data until DASHBOARD_ACCESS is chosen", async () => {
    app = await freshApp({ GENESYS_CLIENT_ID: "id", GENESYS_CLIENT_SECRET: "secret" });
    const { reports } = await routes();
    const response = await reports(get("/api/reports/queues?view=today"));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("access_unconfigured");
  });
});
