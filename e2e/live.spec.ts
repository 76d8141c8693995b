/**
 * The live wallboard (`/live`) in a real Chromium against the production build on the embedded
 * simulator: numbers from the server's first render (without JavaScript too), updated by the stream
 * without a reload (the simulator's `surge` knob makes a queue's waiting rise; without it, its
 * real-time traffic moves anyway), the TV view filling 1920×1080 without scrolling, the phone
 * layout, the header link and the drill-down's live strip, all under the Content-Security-Policy.
 *
 */
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { E2E_UNCONFIGURED_PORT } from "./constants";
import { expectClean, refreshNow, simulatorFaults, watch } from "./helpers";

test.describe.configure({ mode: "serial" });

type LiveQueueJson = { queueId: string; name: string; waiting: number };

async function liveQueues(request: APIRequestContext): Promise<LiveQueueJson[]> {
  const response = await request.get("/api/live/queues");
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { queues: LiveQueueJson[] }).queues;
}

test.beforeAll(async ({ request }) => {
  await simulatorFaults(request, "reset");
  await refreshNow(request); // today's figures beside the live ones
});

test.afterAll(async ({ request }) => {
  await simulatorFaults(request, "reset"); // ends any surge
});

const tiles = (page: Page) => page.getByTestId("live-tile");
const tileOf = (page: Page, name: string) => tiles(page).filter({ has: page.getByRole("link", { name, exact: true }) });

/** A figure's number as shown ("1,234" -> 1234). */
async function figure(scope: Locator, testId: string): Promise<number> {
  const text = await scope.getByTestId(testId).locator(".live-number").first().textContent();
  return Number((text ?? "").replace(/[^0-9.]/g, ""));
}

/** The counts every tile shows (not the ticking clocks): changes whenever the queues' state does. */
async function tileCounts(page: Page): Promise<string> {
  return (
    await tiles(page).evaluateAll((list) =>
      list.map((tile) =>
        ["live-waiting", "live-on-queue", "live-idle", "live-interacting", "live-not-responding"]
          .map((id) => tile.querySelector(`[data-testid="${id}"] .live-number`)?.textContent)
          .join("/"),
      ),
    )
  ).join(" ");
}

test("without JavaScript, the server's render already has a tile per queue with its numbers", async ({ browser, request }) => {
  const queues = await liveQueues(request);
  expect(queues.length).toBeGreaterThanOrEqual(12);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/live");
  await expect(tiles(page)).toHaveCount(queues.length);
  for (const q of queues.slice(0, 3)) {
    const tile = tileOf(page, q.name);
    await expect(tile.getByTestId("live-waiting")).toHaveText(/^\d+/);
    await expect(tile.getByTestId("live-on-queue")).toHaveText(/^\d+$/);
    await expect(tile.getByTestId("live-service-level")).toHaveText(/\d+\.\d%|–/);
  }
  await expect(page.getByTestId("live-totals").getByTestId("live-waiting")).toHaveText(/^\d+/);
  // Without the stream it is a snapshot, and says how old.
  await expect(page.getByTestId("live-status")).toContainText(/snapshot · updated \d+ s ago/);
  await context.close();
});

test("the tiles follow the stream without a reload; the clocks tick; the live region stays quiet", async ({ page, request }) => {
  test.setTimeout(240_000);
  const problems = await watch(page);
  const queues = await liveQueues(request);
  const announcements: string[] = [];
  // Exposed before the page loads: exposing into a loaded page evaluates a script, which the policy blocks.
  await page.exposeFunction("__announced", (text: string) => announcements.push(text));
  await page.goto("/live");
  await expect(tiles(page)).toHaveCount(queues.length);
  await expect(page.getByTestId("live-status")).toContainText(/^live · updated/);
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // "updated N s ago" ticks between snapshots, and is not a live region.
  const status = page.getByTestId("live-status");
  const ago = await page.getByTestId("live-updated-ago").textContent();
  await expect(page.getByTestId("live-updated-ago")).not.toHaveText(ago!, { timeout: 5_000 });
  expect(await status.evaluate((el) => el.closest("[aria-live]"))).toBeNull();
  expect(
    await page
      .getByTestId("live-longest-wait")
      .first()
      .evaluate((el) => el.closest("[aria-live]")),
  ).toBeNull();
  const announcer = page.getByTestId("live-announcer");
  await expect(announcer).toHaveAttribute("aria-live", "polite");
  const listeningSince = Date.now();
  await announcer.evaluate((el) => {
    new MutationObserver(() => (window as unknown as { __announced: (t: string) => void }).__announced(el.textContent ?? "")).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });

  const sales = queues.find((q) => q.name === "Sales") ?? queues[0]!;
  const tile = tileOf(page, sales.name);
  const before = await figure(tile, "live-waiting");
  const observedBefore = await page.getByTestId("live-board").getAttribute("data-observed-at");
  const surge = await request.post("/sim/__sim/faults", { data: { surge: { queueId: sales.queueId, factor: 20, minutes: 30 } } });
  test.info().annotations.push({ type: "change", description: surge.ok() ? "surge on Sales" : "the simulator's own traffic" });
  if (surge.ok()) {
    // Twenty times the arrivals, answered slower: the queue's waiting count climbs.
    await expect.poll(() => figure(tile, "live-waiting"), { timeout: 180_000, intervals: [1_000] }).toBeGreaterThan(before);
  } else {
    // No surge knob in this simulator: its traffic moves in real time anyway.
    const counts = await tileCounts(page);
    await expect.poll(() => tileCounts(page), { timeout: 180_000, intervals: [1_000] }).not.toBe(counts);
  }
  expect(await page.getByTestId("live-board").getAttribute("data-observed-at")).not.toBe(observedBefore);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(status).toContainText(/^live · updated \d+ s ago/);
  // Numbers moved on every snapshot; the region spoke at most once per 30 s.
  expect(announcements.filter(Boolean).length).toBeLessThanOrEqual(1 + Math.floor((Date.now() - listeningSince) / 30_000));
  await simulatorFaults(request, "reset");
  expectClean(problems);
});

test("a stale snapshot: the board says it is not live and why, once to screen readers; invalid events are ignored", async ({
  page,
  request,
}) => {
  // The stream's contract, played by the test: a good snapshot, an invalid event, then the same
  // numbers marked stale (how the server says its observer could not get newer ones).
  const fresh = await (await request.get("/api/live/queues")).json();
  const stale = { ...fresh, stale: true, error: "Genesys Cloud did not answer the observations query (503)" };
  const events = [fresh, { not: "a snapshot" }, stale].map((data) => `event: snapshot\ndata: ${JSON.stringify(data)}\n\n`);
  await page.route("**/api/live/stream*", (route) =>
    route.fulfill({ status: 200, contentType: "text/event-stream", body: `retry: 3000\n\n${events.join("")}` }),
  );
  const problems = await watch(page);
  await page.goto("/live");
  const banner = page.getByTestId("live-stale");
  await expect(banner).toContainText(/Not live: these numbers were observed \d+/);
  await expect(banner).toContainText("Why: Genesys Cloud did not answer the observations query (503)");
  await expect(page.getByTestId("live-announcer")).toHaveText(
    "Live numbers are stale: Genesys Cloud did not answer the observations query (503).",
  );
  // The numbers stay on screen.
  await expect(tiles(page)).toHaveCount(fresh.queues.length);

  // The real stream again: live, the banner gone.
  await page.unroute("**/api/live/stream*");
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId("live-status")).toContainText(/^live · updated/);
  expectClean(problems);
});

test("?queues= chooses the tiles, for the stream too; the picker's plain form does the same", async ({ page, request }) => {
  const problems = await watch(page);
  const [a, b] = (await liveQueues(request)).slice(0, 2);
  await page.goto(`/live?queues=${a!.queueId},${b!.queueId}`);
  await expect(tiles(page)).toHaveCount(2);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Live · 2 queues");
  // The all-queues agent figures are sums over queues, and say so; with one queue there is nothing to say.
  await expect(page.getByTestId("live-totals-note")).toHaveText("agents are counted once in each of their queues");
  // The stream has the same filter: after it delivers, still the same two.
  const observed = await page.getByTestId("live-board").getAttribute("data-observed-at");
  await expect.poll(() => page.getByTestId("live-board").getAttribute("data-observed-at"), { timeout: 30_000 }).not.toBe(observed);
  await expect(tiles(page)).toHaveCount(2);

  await page.goto("/live");
  await page.getByTestId("live-picker").locator("summary").click();
  await page.getByRole("checkbox", { name: a!.name, exact: true }).check();
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`queues=${a!.queueId}`));
  await expect(tiles(page)).toHaveCount(1);
  await expect(tileOf(page, a!.name)).toBeVisible();
  await expect(page.getByTestId("live-totals-note")).toHaveCount(0);

  // A filter the API refuses is said plainly.
  await page.goto("/live?queues=not%20an%20id");
  await expect(page.getByTestId("live-problem")).toContainText("queues must be a comma-separated list of queue ids");
  expectClean(problems);
});

test("TV view at 1920×1080: no header or controls, dark, every tile (14) on one screen without scrolling", async ({ browser, request }) => {
  const queues = await liveQueues(request);
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const problems = await watch(page);
  await page.goto("/live?wall=1");
  await expect(tiles(page)).toHaveCount(queues.length);
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByTestId("live-picker")).toHaveCount(0);
  await expect(page.getByTestId("live-status")).toContainText(/^live/);

  const fit = await page.evaluate(() => ({
    scrollHeight: document.scrollingElement!.scrollHeight,
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerHeight,
    innerWidth,
    background: getComputedStyle(document.querySelector("main")!).backgroundColor,
  }));
  expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight);
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.innerWidth);
  // Dark: each colour channel of the background well below the middle.
  const [r, g, b] = (fit.background.match(/\d+/g) ?? []).map(Number);
  expect(Math.max(r!, g!, b!)).toBeLessThan(64);

  const shown = Math.min(14, queues.length);
  const boxes = await tiles(page).evaluateAll((list) =>
    list.map((t) => {
      const box = t.getBoundingClientRect();
      return { bottom: box.bottom, right: box.right, clipped: t.scrollHeight > t.clientHeight + 1 || t.scrollWidth > t.clientWidth + 1 };
    }),
  );
  const visible = boxes.filter((box) => box.bottom <= fit.innerHeight && box.right <= fit.innerWidth);
  expect(visible.length).toBeGreaterThanOrEqual(shown);
  // Each tile's content fits in it (its type scales with the tile), nothing cut off.
  expect(boxes.filter((box) => box.clipped)).toEqual([]);
  // Large type: the waiting counts read from across the room.
  const waitingSize = await tiles(page)
    .first()
    .getByTestId("live-waiting")
    .locator(".live-number")
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(waitingSize).toBeGreaterThanOrEqual(40);
  expectClean(problems);
  await context.close();
});

test("on a phone (390×844): one column, no sideways scrolling", async ({ browser, request }) => {
  const queues = await liveQueues(request);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/live");
  await expect(tiles(page)).toHaveCount(queues.length);
  const layout = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth,
    lefts: [...document.querySelectorAll('[data-testid="live-tile"]')].map((t) => Math.round(t.getBoundingClientRect().left)),
  }));
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
  expect(new Set(layout.lefts).size).toBe(1);
  await context.close();
});

test("the header links to /live, and a tile opens its queue, whose page has the live strip", async ({ page }) => {
  const problems = await watch(page);
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "Live", exact: true }).click();
  await expect(page).toHaveURL(/\/live$/);
  await expect(tiles(page).first()).toBeVisible();

  await tileOf(page, "Sales").getByRole("link", { name: "Sales", exact: true }).click();
  await expect(page).toHaveURL(/\/queues\/[^/?]+\?view=today/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Sales · Today/);
  const strip = page.getByTestId("live-strip");
  await expect(strip).toBeVisible();
  await expect(strip.getByTestId("live-waiting")).toHaveText(/^\d+/);
  await expect(strip.getByTestId("live-idle")).toHaveText(/^\d+$/);
  await expect(strip.getByTestId("live-not-responding")).toHaveText(/^\d+$/);
  await expect(strip.getByTestId("live-status")).toContainText(/^live · updated \d+ s ago/);

  // Loaded afresh, the strip is in the server's HTML too.
  await page.reload();
  await expect(page.getByTestId("live-strip").getByTestId("live-on-queue")).toHaveText(/^\d+$/);
  expectClean(problems);
});

test("with DASHBOARD_ACCESS undecided, /live shows the access notice and no queue", async ({ request }) => {
  const response = await request.get(`http://127.0.0.1:${E2E_UNCONFIGURED_PORT}/live`);
  const html = await response.text();
  expect(html).toContain("nobody has decided who may see the org");
  expect(html).not.toContain('data-testid="live-tile"');
});
