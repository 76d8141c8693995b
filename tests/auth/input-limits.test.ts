/**
 * The app's open routes with bounded input: `/api/auth/*` reads at most 64 KiB of body (413
 * beyond), and with DASHBOARD_ACCESS=signed-in the embedded simulator at `/sim` serves only its
 * sign-in pages to visitors without a session.
 */
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { freshApp } from "../app/api/helpers";
import { CookieJar, ORIGIN, appRequest, signInAs, startSignIn } from "./flow";

const SECRET = "test-auth-secret-0123456789abcdef0123456789";
const KIB = 1024;

let app: Awaited<ReturnType<typeof freshApp>> | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

async function authRoute() {
  return import("@/app/api/auth/[...nextauth]/route");
}

async function simRoute() {
  return (await import("@/app/sim/[...path]/route")) as unknown as Record<
    "GET" | "POST" | "DELETE" | "HEAD",
    (r: Request) => Promise<Response>
  >;
}

/** A request body that never ends, counting what was pulled from it. */
function endless(chunkBytes = 16 * KIB) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  return { stream, pulled: () => pulled };
}

describe("/api/auth/* body limit (64 KiB)", () => {
  it("answers 413 with the app's JSON error to an oversized form, streamed or declared, without reading it all", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const { POST } = await authRoute();
    const headers = { "content-type": "application/x-www-form-urlencoded", host: "127.0.0.1:3000" };

    const big = await POST(
      new NextRequest(`${ORIGIN}/api/auth/signin/genesys`, { method: "POST", headers, body: `csrfToken=x&pad=${"p".repeat(100 * KIB)}` }),
    );
    expect(big.status).toBe(413);
    expect(big.headers.get("cache-control")).toBe("no-store");
    const json = (await big.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("payload_too_large");
    expect(json.error.message).toMatch(/65536 bytes/);

    const streamed = endless();
    const never = await POST(
      new NextRequest(`${ORIGIN}/api/auth/callback/genesys`, { method: "POST", headers, body: streamed.stream, duplex: "half" } as never),
    );
    expect(never.status).toBe(413);
    expect(streamed.pulled()).toBeLessThan(64 * KIB + 4 * 16 * KIB);

    const declared = endless();
    const early = await POST(
      new NextRequest(`${ORIGIN}/api/auth/signout`, {
        method: "POST",
        headers: { ...headers, "content-length": String(10 * 1024 * KIB) },
        body: declared.stream,
        duplex: "half",
      } as never),
    );
    expect(early.status).toBe(413);
    expect(declared.pulled()).toBeLessThanOrEqual(16 * KIB);
  });

  it("still signs in through the route (its forms are re-read within the limit)", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const route = await authRoute();
    const jar = new CookieJar();
    const callback = await signInAs(route, app.simulator, jar, "supervisor");
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe(`${ORIGIN}/me`);
    const session = await route.GET(appRequest("/api/auth/session", jar));
    expect(await session.json()).toMatchObject({ user: { name: "Sam Supervisor" } });
  });
});

describe("/sim with DASHBOARD_ACCESS=signed-in", () => {
  const sim = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    new Request(new URL(path, ORIGIN), { ...init, headers: { host: "127.0.0.1:3000", ...init.headers } });
  /** A client-credentials token request to the mounted simulator, as the official SDKs send it. */
  const clientCredentialsRequest = () =>
    sim("/sim/oauth/token", {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from("sim-reporting-client:sim-reporting-secret").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });

  it("without a session: the org's data and the token endpoint are refused; the sign-in pages are served", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET, DASHBOARD_ACCESS: "signed-in" });
    const route = await simRoute();
    const before = app.simulator.stats();

    const queues = await route.GET(sim("/sim/api/v2/routing/queues"));
    expect(queues.status).toBe(401);
    expect(((await queues.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    const token = await route.POST(clientCredentialsRequest());
    expect(token.status).toBe(401);
    expect((await route.DELETE(sim("/sim/api/v2/tokens/me"))).status).toBe(401);
    expect((await route.GET(sim("/sim/__sim/stats"))).status).toBe(401);
    // Refused before the simulator sees anything.
    expect(app.simulator.stats()).toEqual(before);

    // The sign-in pages stay open: the page itself, the user's choice, and sign-out.
    const { GET: authGet, POST: authPost } = await authRoute();
    const authorizeUrl = await startSignIn({ GET: authGet, POST: authPost }, new CookieJar());
    const page = await route.GET(sim(`${authorizeUrl.pathname}${authorizeUrl.search}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("choose a demo user");
    const form = new URLSearchParams(authorizeUrl.searchParams);
    form.set("user", "agent");
    const chosen = await route.POST(
      sim("/sim/oauth/authorize", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      }),
    );
    expect(chosen.status).toBe(302);
    expect(new URL(chosen.headers.get("location")!).searchParams.get("code")).toBeTruthy();
    expect((await route.GET(sim("/sim/logout"))).status).toBe(200);
  });

  it("with a session: the simulator answers as usual (here its own 401 for a missing bearer token)", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET, DASHBOARD_ACCESS: "signed-in" });
    const route = await simRoute();
    const jar = new CookieJar();
    expect((await signInAs(await authRoute(), app.simulator, jar, "supervisor")).status).toBe(302);
    const queues = await route.GET(sim("/sim/api/v2/routing/queues", { headers: { cookie: jar.header() } }));
    expect(queues.status).toBe(401);
    expect(((await queues.json()) as { code: string }).code).toBe("authentication.required");
  });

  it("in public mode the whole mount stays open, as before", async () => {
    app = await freshApp({ AUTH_SECRET: SECRET });
    const route = await simRoute();
    const token = await route.POST(clientCredentialsRequest());
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    expect((await route.GET(sim("/sim/api/v2/routing/queues", { headers: { authorization: `Bearer ${access_token}` } }))).status).toBe(200);
    // The simulator's own body limit applies through the mount: 413 with its ErrorBody.
    const big = await route.POST(
      sim("/sim/api/v2/analytics/conversations/aggregates/query", {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json", "content-length": String(2 * 1024 * KIB) },
        body: endless().stream,
        duplex: "half",
      } as never),
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: "request.entity.too.large", status: 413 });
  });
});
