/**
 * The teaching page's recordings against a "real org": a standalone simulator on its own port,
 * reached over HTTP through the configured login and API URLs (no in-process shortcut), as the
 * app would reach login.<env> and api.<env>.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET, SIM_PKCE_CLIENT_ID, startSimulatorServer } from "@/lib/sim";
import { freshApp } from "../app/api/helpers";
import { CookieJar, ORIGIN, appRequest, authHandlers, startSignIn } from "../auth/flow";

const SECRET = "test-auth-secret-0123456789abcdef0123456789";
let org: Awaited<ReturnType<typeof startSimulatorServer>>;
let app: Awaited<ReturnType<typeof freshApp>> | undefined;

beforeAll(async () => {
  org = await startSimulatorServer({ port: 0, rateLimitPerMinute: 0, redirectUris: [`${ORIGIN}/api/auth/callback/genesys`] });
});
afterAll(async () => {
  await org?.close();
});
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

async function realOrgApp() {
  return freshApp({
    GENESYS_CLIENT_ID: SIM_CLIENT_ID,
    GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
    GENESYS_LOGIN_URL: org.url,
    GENESYS_API_URL: org.url,
    GENESYS_PKCE_CLIENT_ID: SIM_PKCE_CLIENT_ID,
    AUTH_SECRET: SECRET,
    AUTH_URL: ORIGIN,
  });
}

describe("traces against an org reached over HTTP", () => {
  it("records the scheduled refresh and a sign-in with the org's own URLs, both checks verified", async () => {
    app = await realOrgApp();
    const { runScheduledRefresh } = await import("@/lib/reports/scheduled-refresh");
    expect((await runScheduledRefresh({ force: true })).ok).toBe(true);
    const { readClientCredentialsTrace, readPkceTrace } = await import("@/lib/traces/store");
    const cc = await readClientCredentialsTrace();
    expect(cc?.steps[0]).toMatchObject({ to: "login", url: `${org.url}/oauth/token`, status: 200 });
    expect(cc?.steps.slice(1).every((step) => step.to === "api" && step.url.startsWith(`${org.url}/api/v2/`))).toBe(true);

    const handlers = await authHandlers();
    const { recordSignInStart, TRACE_COOKIE } = await import("@/lib/traces/pkce");
    const jar = new CookieJar();
    const authorizeUrl = await startSignIn(handlers, jar);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${org.url}/oauth/authorize`);
    const id = await recordSignInStart({
      authorizeUrl: authorizeUrl.href,
      actionUrl: `${ORIGIN}/signin`,
      cookieNames: [],
      startedAt: Date.now(),
      durationMs: 2,
    });
    jar.cookies.set(TRACE_COOKIE, id);
    // The person at the org's sign-in page, over HTTP like a browser.
    const form = new URLSearchParams(authorizeUrl.searchParams);
    form.set("user", "agent");
    const back = await fetch(`${org.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
    expect(back.status).toBe(302);
    const callbackUrl = new URL(back.headers.get("location")!);
    const callback = await handlers.GET(appRequest(callbackUrl.pathname + callbackUrl.search, jar));
    expect(callback.status).toBe(302);

    const trace = await readPkceTrace(id);
    expect(trace).toMatchObject({ outcome: "signed-in", state: { matched: true }, pkce: { matched: true } });
    const backChannel = trace!.steps.filter((step) => step.channel === "back");
    expect(backChannel.map((step) => [step.to, step.url])).toEqual([
      ["login", `${org.url}/oauth/token`],
      ["api", `${org.url}/api/v2/users/me`],
      // The organization check and the queues this person may see (lib/auth/visible-queues.ts).
      ["api", `${org.url}/api/v2/tokens/me`],
      ["api", `${org.url}/api/v2/routing/queues?pageSize=100&pageNumber=1`],
    ]);
    expect(backChannel[0]!.requestHeaders.authorization).toBeUndefined(); // a public client sends no credentials
    // A real org's answers (the visitor's profile, their queues) are summarised, not kept.
    const apiSteps = backChannel.filter((step) => step.to === "api");
    expect(apiSteps.every((step) => step.responseBody === undefined && typeof step.responseSummary === "string")).toBe(true);
  });

  it("Run it at 3 AM: client credentials succeed; each user-delegated step gets the org's real refusal", async () => {
    app = await realOrgApp();
    const { runAtThreeAm } = await import("@/lib/teaching/unattended");
    const run = await runAtThreeAm({ origin: ORIGIN, headers: new Headers() });
    expect(run.clientCredentials).toMatchObject({ ok: true, shared: false });
    expect(run.clientCredentials.viewsOk).toBe(run.clientCredentials.views);
    const [session, authorize, refresh, keep] = run.userDelegated;
    expect(run.userDelegated.every((attempt) => attempt.outcome === "blocked")).toBe(true);
    expect(session!.step).toMatchObject({ status: 401 });
    expect(authorize!.step).toMatchObject({ status: 200, url: expect.stringContaining(`${org.url}/oauth/authorize?`) });
    expect(authorize!.step!.responseHeaders["content-type"]).toMatch(/text\/html/);
    expect(refresh!.step).toMatchObject({ status: 400, url: `${org.url}/oauth/token` });
    expect(refresh!.step!.responseBody).toContain("invalid_client");
    expect(keep!.step).toBeUndefined();
  });

  it("a real org's trace keeps no org data: API answers are summarised, never stored, even in the raw store", async () => {
    app = await realOrgApp();
    const { runScheduledRefresh } = await import("@/lib/reports/scheduled-refresh");
    expect((await runScheduledRefresh({ force: true })).ok).toBe(true);
    const { readClientCredentialsTrace } = await import("@/lib/traces/store");
    const trace = (await readClientCredentialsTrace())!;
    const apiSteps = trace.steps.filter((step) => step.to === "api");
    expect(apiSteps.length).toBeGreaterThan(0);
    expect(apiSteps.every((step) => step.responseBody === undefined && typeof step.responseSummary === "string")).toBe(true);
    expect(apiSteps.find((step) => step.url.includes("/routing/queues"))?.responseSummary).toMatch(
      /^\d+ queues on page 1 of 1 \(names and divisions not shown\)$/,
    );
    expect(apiSteps.find((step) => step.url.includes("/aggregates/query"))?.responseSummary).toMatch(/^results for \d+ groups/);
    // Not a queue name or id anywhere in the stored traces, as written to disk.
    const stored = await readTraceFiles(app.dataDir);
    expect(stored).toContain("queues on page 1 of 1");
    for (const queue of org.sim.org.queues) {
      expect(stored).not.toContain(queue.name);
      expect(stored).not.toContain(queue.id);
    }
  });

  it("while DASHBOARD_ACCESS is undecided, the 3 AM action refuses without calling Genesys", async () => {
    app = await freshApp({
      GENESYS_CLIENT_ID: SIM_CLIENT_ID,
      GENESYS_CLIENT_SECRET: SIM_CLIENT_SECRET,
      GENESYS_LOGIN_URL: org.url,
      GENESYS_API_URL: org.url,
    });
    org.sim.resetStats();
    const { runAtThreeAmAction } = await import("@/app/grants/actions");
    const state = await runAtThreeAmAction(null, new FormData());
    expect(state).toEqual({ error: expect.stringContaining("DASHBOARD_ACCESS") });
    expect(org.sim.stats().tokenRequests + org.sim.stats().apiRequests).toBe(0);
  });
});

async function readTraceFiles(dataDir: string): Promise<string> {
  const { readdir, readFile } = await import("node:fs/promises");
  const path = await import("node:path");
  const cache = path.join(dataDir, "cache");
  const names = (await readdir(cache)).filter((name) => name.startsWith("trace."));
  expect(names.length).toBeGreaterThan(0);
  return (await Promise.all(names.map((name) => readFile(path.join(cache, name), "utf8")))).join("\n");
}
