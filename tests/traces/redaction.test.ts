/**
 * Traces keep nothing whole that matters: secrets, tokens, codes and verifiers are cut to a
 * four-character prefix (Basic credentials to nothing) before a trace is stored. Checked on the
 * building blocks with known values, and on the traces the app really stores after a scheduled
 * refresh and a sign-in (read back as the raw stored bytes).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { decode } from "next-auth/jwt";
import { afterEach, describe, expect, it } from "vitest";
import { describeExchange } from "@/lib/genesys/exchange";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";
import { redactUrl, scrubSecrets, stepFromExchange } from "@/lib/traces/trace";
import { freshApp } from "../app/api/helpers";
import { CookieJar, appRequest, authHandlers, chooseUser, startSignIn } from "../auth/flow";

const SECRET = "test-auth-secret-0123456789abcdef0123456789";
const TOKEN = "tok_7Qm2ZpL9xWv4Rt8YbN3cKd6FhJ1sGe5A";
const CODE = "code_Hx82KqPzL0mVt5WcRb7N";
const VERIFIER = "verifier_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6kM9nP2rS5";
const STATE = "state_Zy9Xw8Vu7Ts6Rq5Po4Nm";

let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

/** Every stored cache entry's raw text: what a reader of DATA_DIR would find. */
async function storedText(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, "cache");
  const names = (await readdir(dir)).filter((name) => name.startsWith("trace."));
  expect(names.length).toBeGreaterThan(0);
  return (await Promise.all(names.map((name) => readFile(path.join(dir, name), "utf8")))).join("\n");
}

describe("redaction of known values", () => {
  it("cuts credential fields however nested or spelled, and tokens in a URL's fragment", () => {
    const exchange = describeExchange({
      kind: "api",
      method: "POST",
      url: "https://api.example/api/v2/anything",
      requestHeaders: new Headers({ "content-type": "application/json" }),
      requestBody: JSON.stringify({ outer: { accessToken: TOKEN, list: [{ Refresh_Token: CODE }] } }),
      status: 200,
      responseHeaders: new Headers({ "content-type": "application/json" }),
      responseText: JSON.stringify({ data: { nested: { ACCESS_TOKEN: TOKEN, "client-secret": VERIFIER, keep: "visible" } } }),
      startedAt: Date.now(),
      durationMs: 1,
      attempt: 1,
    });
    const text = JSON.stringify(exchange);
    for (const secret of [TOKEN, CODE, VERIFIER]) expect(text).not.toContain(secret);
    expect(text).toContain("visible");
    expect(redactUrl(`https://app.example/cb#access_token=${TOKEN}&expires_in=86399`)).toBe(
      "https://app.example/cb#access_token=tok_…(redacted)&expires_in=86399",
    );
  });

  it("a stored refresh trace holds neither the Basic header's value nor the access token in use", async () => {
    app = await freshApp();
    const { runScheduledRefresh } = await import("@/lib/reports/scheduled-refresh");
    const { reportingConnection } = await import("@/lib/server/app-connection");
    expect((await runScheduledRefresh({ force: true })).ok).toBe(true);
    const secrets = await reportingConnection().knownSecrets();
    expect(secrets).toHaveLength(3); // the secret, the Basic value, the cached token
    const stored = await storedText(app.dataDir);
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it("cuts codes, states, verifiers and tokens in URLs to a prefix and leaves the rest", () => {
    const url = redactUrl(`https://app.example/api/auth/callback/genesys?code=${CODE}&state=${STATE}&session_state=x1`);
    expect(url).toBe("https://app.example/api/auth/callback/genesys?code=code…(redacted)&state=stat…(redacted)&session_state=x1");
    expect(redactUrl(`https://login.example/oauth/authorize?client_id=pub&code_challenge=abc&state=${STATE}`)).toContain(
      "code_challenge=abc",
    );
  });

  it("a token exchange step keeps no verifier, code, token or Basic credential", () => {
    const exchange = describeExchange({
      kind: "token",
      method: "POST",
      url: "https://login.example/oauth/token",
      requestHeaders: new Headers({
        authorization: `Basic ${btoa(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`)}`,
        "content-type": "application/x-www-form-urlencoded",
      }),
      requestBody: new URLSearchParams({
        grant_type: "authorization_code",
        code: CODE,
        code_verifier: VERIFIER,
        client_id: "pub",
      }).toString(),
      status: 200,
      responseHeaders: new Headers({ "content-type": "application/json", "set-cookie": `sid=${TOKEN}` }),
      responseText: JSON.stringify({ access_token: TOKEN, token_type: "bearer", expires_in: 86399 }),
      startedAt: Date.now(),
      durationMs: 4,
      attempt: 1,
    });
    const text = JSON.stringify(stepFromExchange(exchange, "Code exchange", "https://login.example"));
    for (const secret of [TOKEN, CODE, VERIFIER, SIM_CLIENT_SECRET, btoa(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`)])
      expect(text).not.toContain(secret);
    expect(text).toContain("tok_…(redacted)");
    expect(text).toContain("grant_type=authorization_code");
  });

  it("scrubbing replaces a known secret wherever it turned up, raw or URL-encoded", () => {
    const odd = {
      note: `the server said: invalid code ${CODE}`,
      url: `https://x.example/?v=${encodeURIComponent(`${VERIFIER}/+`)}`,
      nested: [{ token: TOKEN }],
    };
    const text = JSON.stringify(scrubSecrets(odd, [CODE, `${VERIFIER}/+`, TOKEN, "short"]));
    for (const secret of [CODE, VERIFIER, TOKEN]) expect(text).not.toContain(secret);
    expect(text).toContain("code…(redacted)");
  });
});

describe("stored traces", () => {
  it("the scheduled refresh's trace holds the calls it made, with nothing secret", async () => {
    app = await freshApp();
    // Note every token the simulator hands out, to look for it in what was stored.
    const issued: string[] = [];
    const simulator = app.simulator;
    const send = simulator.fetch.bind(simulator);
    simulator.fetch = async (request: Request) => {
      const answer = await send(request);
      if (new URL(request.url).pathname.endsWith("/oauth/token"))
        issued.push(((await answer.clone().json()) as { access_token: string }).access_token);
      return answer;
    };
    const { runScheduledRefresh } = await import("@/lib/reports/scheduled-refresh");
    const summary = await runScheduledRefresh({ force: true });
    expect(summary.ok).toBe(true);
    const { readClientCredentialsTrace } = await import("@/lib/traces/store");
    const trace = await readClientCredentialsTrace();
    expect(trace?.tokenRequests).toBe(1);
    expect(trace?.steps[0]).toMatchObject({ channel: "back", from: "app", to: "login", status: 200 });
    expect(trace?.steps.some((step) => step.to === "api" && step.responseHeaders["inin-ratelimit-allowed"] !== undefined)).toBe(true);

    expect(issued).toHaveLength(1);
    const stored = await storedText(app.dataDir);
    for (const secret of [SIM_CLIENT_SECRET, btoa(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`), ...issued])
      expect(stored).not.toContain(secret);
    expect(stored).toContain("Basic …(redacted)");
    expect(stored).toMatch(/Bearer [A-Za-z0-9_-]{4}…\(redacted\)/);
  });

  it("a sign-in's trace verifies state and PKCE, and keeps no code, state, verifier or token", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const { recordSignInStart, TRACE_COOKIE } = await import("@/lib/traces/pkce");
    const jar = new CookieJar();
    const authorizeUrl = await startSignIn(handlers, jar);
    const state = authorizeUrl.searchParams.get("state")!;
    // The verifier waits in Auth.js's encrypted cookie; open it to know what must not be stored.
    const verifierCookie = jar.find(/authjs\.pkce\.code_verifier$/)!;
    const verifier = ((await decode({ token: jar.cookies.get(verifierCookie), secret: SECRET, salt: verifierCookie })) as { value: string })
      .value;
    expect(verifier.length).toBeGreaterThanOrEqual(43);

    // What the sign-in server action does after Auth.js answered.
    const id = await recordSignInStart({
      authorizeUrl: authorizeUrl.href,
      actionUrl: "http://127.0.0.1:3000/signin",
      cookieNames: [...jar.cookies.keys()],
      startedAt: Date.now(),
      durationMs: 3,
    });
    jar.cookies.set(TRACE_COOKIE, id);
    const back = await chooseUser(app.simulator, authorizeUrl, "supervisor");
    const callbackUrl = new URL(back.headers.get("location")!);
    const code = callbackUrl.searchParams.get("code")!;
    const callback = await handlers.GET(appRequest(callbackUrl.pathname + callbackUrl.search, jar));
    jar.store(callback);
    expect(callback.status).toBe(302);
    const session = jar.cookies.get("authjs.session-token");
    const accessToken = ((await decode({ token: session, secret: SECRET, salt: "authjs.session-token" })) as { accessToken: string })
      .accessToken;

    const { readPkceTrace } = await import("@/lib/traces/store");
    const trace = await readPkceTrace(id);
    expect(trace).toMatchObject({
      outcome: "signed-in",
      state: { matched: true },
      pkce: { method: "S256", matched: true, verifierLength: verifier.length },
    });
    expect(trace?.pkce.challenge).toBe(authorizeUrl.searchParams.get("code_challenge"));
    expect(trace?.tokenFields).toEqual(["access_token", "token_type", "expires_in"]);
    // The callback's request shows which cookies carried the state and verifier back, not their values.
    expect(trace?.steps[2]?.requestHeaders.cookie).toMatch(
      /authjs\.pkce\.code_verifier=…\(encrypted, HttpOnly\).*authjs\.state=…\(encrypted, HttpOnly\)|authjs\.state=….*authjs\.pkce/,
    );
    expect(trace?.steps.map((step) => `${step.channel}:${step.from}->${step.to}`)).toEqual([
      "front:browser->app",
      "front:browser->login",
      "front:browser->app",
      "back:app->login",
      "back:app->api",
      // tokens/me (the organization check) and the queues this person may see.
      "back:app->api",
      "back:app->api",
      "front:app->browser",
    ]);

    const stored = await storedText(app.dataDir);
    for (const secret of [code, state, verifier, accessToken]) expect(stored).not.toContain(secret);
    expect(stored).toContain(`${code.slice(0, 4)}…(redacted)`);
    expect(stored).toContain(`${verifier.slice(0, 4)}…(redacted)`);
  });

  it("a callback with a wrong state is recorded as refused, and the state check says it did not match", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const handlers = await authHandlers();
    const { recordSignInStart, TRACE_COOKIE } = await import("@/lib/traces/pkce");
    const jar = new CookieJar();
    const authorizeUrl = await startSignIn(handlers, jar);
    const id = await recordSignInStart({
      authorizeUrl: authorizeUrl.href,
      actionUrl: "http://127.0.0.1:3000/signin",
      cookieNames: [],
      startedAt: Date.now(),
      durationMs: 1,
    });
    jar.cookies.set(TRACE_COOKIE, id);
    const back = await chooseUser(app.simulator, authorizeUrl, "supervisor");
    const forged = new URL(back.headers.get("location")!);
    forged.searchParams.set("state", "forged-state-value-from-elsewhere");
    await handlers.GET(appRequest(forged.pathname + forged.search, jar));

    const { readPkceTrace } = await import("@/lib/traces/store");
    const trace = await readPkceTrace(id);
    expect(trace?.outcome).toBe("failed");
    expect(trace?.state.matched).toBe(false);
    // Refused before any code exchange: no back-channel step.
    expect(trace?.steps.some((step) => step.channel === "back")).toBe(false);
  });
});
