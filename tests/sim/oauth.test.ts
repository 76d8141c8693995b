import { describe, expect, it } from "vitest";
import { errorBody, oauthErrorResponse, oauthTokenResponse, tokenInfo, userMe } from "@/lib/genesys/schemas";
import * as oauth from "oauth4webapi";
import {
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_CODE_CLIENT_ID,
  SIM_CODE_CLIENT_SECRET,
  SIM_DIVISION_CLIENT_ID,
  SIM_DIVISION_CLIENT_SECRET,
  SIM_PKCE_CLIENT_ID,
} from "@/lib/sim";
import { BASE, REDIRECT, api, authorize, basic, clientToken, formEncodedBasic, pkcePair, testSim, userToken } from "./helpers";

const tokenRequest = (body: string, headers: Record<string, string> = {}) =>
  new Request(`${BASE}/oauth/token`, { method: "POST", headers, body });

describe("client credentials", () => {
  it("issues an opaque bearer token for HTTP Basic, even without a Content-Type (the JS SDK sends none)", async () => {
    const sim = testSim();
    const res = await sim.fetch(tokenRequest("grant_type=client_credentials", { Authorization: basic(SIM_CLIENT_ID, SIM_CLIENT_SECRET) }));
    expect(res.status).toBe(200);
    const body = oauthTokenResponse.parse(await res.json());
    expect(body.token_type).toBe("bearer");
    expect(body.expires_in).toBe(86399);
    expect(body.refresh_token).toBeUndefined();
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.headers.get("inin-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("compares Basic credentials literally: the raw id:secret works, form-encoded parts are an unknown client", async () => {
    const sim = testSim();
    // The demo secrets contain `-` and `_`, which form-encoding changes.
    expect(SIM_DIVISION_CLIENT_SECRET).toMatch(/-/);
    expect(SIM_DIVISION_CLIENT_SECRET).toMatch(/_/);
    for (const [id, secret] of [
      [SIM_CLIENT_ID, SIM_CLIENT_SECRET],
      [SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET],
    ] as const) {
      const raw = await sim.fetch(tokenRequest("grant_type=client_credentials", { Authorization: basic(id, secret) }));
      expect(raw.status).toBe(200);
      const encoded = await sim.fetch(tokenRequest("grant_type=client_credentials", { Authorization: formEncodedBasic(id, secret) }));
      expect(encoded.status).toBe(400);
      expect(await encoded.json()).toEqual({
        error: "invalid_client",
        description: "client not found",
        error_description: "client not found",
      });
    }
    expect(formEncodedBasic(SIM_CLIENT_ID, SIM_CLIENT_SECRET)).toBe(basic("sim%2Dreporting%2Dclient", "sim%2Dreporting%2Dsecret"));
    // The raw id with a form-encoded secret: the client exists, the secret does not match.
    const secretOnly = await sim.fetch(
      tokenRequest("grant_type=client_credentials", {
        Authorization: basic(SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET.replace(/_/g, "%5F")),
      }),
    );
    expect(secretOnly.status).toBe(400);
    expect(await secretOnly.json()).toMatchObject({ error: "invalid_client", description: "authentication failed" });
  });

  it("refuses exactly what oauth4webapi's ClientSecretBasic sends", async () => {
    const sim = testSim();
    const headers = new Headers();
    const auth = oauth.ClientSecretBasic(SIM_DIVISION_CLIENT_SECRET);
    await auth({ issuer: BASE } as oauth.AuthorizationServer, { client_id: SIM_DIVISION_CLIENT_ID }, new URLSearchParams(), headers);
    const res = await sim.fetch(tokenRequest("grant_type=client_credentials", { Authorization: headers.get("authorization")! }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_client", description: "client not found" });
  });

  it("refuses credentials sent in the form body: invalid_client", async () => {
    const sim = testSim();
    const res = await sim.fetch(
      tokenRequest(`grant_type=client_credentials&client_id=${SIM_CLIENT_ID}&client_secret=${SIM_CLIENT_SECRET}`, {
        "Content-Type": "application/x-www-form-urlencoded",
      }),
    );
    expect(res.status).toBe(400);
    expect(oauthErrorResponse.parse(await res.json())).toEqual({
      error: "invalid_client",
      description: "authentication failed",
      error_description: "authentication failed",
    });
  });

  it("answers a wrong secret and an unknown client like the real login service, with the configured status", async () => {
    const sim = testSim({ oauthErrorStatus: 401 });
    const wrong = await sim.fetch(tokenRequest("grant_type=client_credentials", { Authorization: basic(SIM_CLIENT_ID, "nope") }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client", description: "authentication failed" });
    const unknown = await sim.fetch(tokenRequest("grant_type=client_credentials", { Authorization: basic("who", "nope") }));
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: "invalid_client", error_description: "client not found" });
  });

  it("answers unsupported_grant_type for grants it does not know", async () => {
    const sim = testSim();
    const res = await sim.fetch(
      tokenRequest("grant_type=password&username=a&password=b", { Authorization: basic(SIM_CLIENT_ID, SIM_CLIENT_SECRET) }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("unsupported_grant_type");
  });

  it("has no user: /users/me is 400 not.a.user; /tokens/me describes the client", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    const me = await api(sim, token, "GET", "/api/v2/users/me");
    expect(me.status).toBe(400);
    expect(errorBody.parse(me.json)).toMatchObject({
      code: "not.a.user",
      status: 400,
      message: "This request requires a user context. Client credentials cannot be used for requests to this resource.",
    });
    expect(me.json.contextId).toBe(me.headers.get("ININ-Correlation-Id"));
    const info = await api(sim, token, "GET", "/api/v2/tokens/me");
    expect(info.status).toBe(200);
    const parsed = tokenInfo.parse(info.json);
    expect(parsed.OAuthClient?.authorizedGrantType).toBe("CLIENT-CREDENTIALS");
    expect(parsed.OAuthClient?.id).toBe(SIM_CLIENT_ID);
    expect(parsed.organization?.id).toBe(sim.org.id);
    expect(info.json.clonedUser).toBeUndefined();
    // Scopes "only apply to clients not using the client_credential grant"; no idle timeout either.
    expect(info.json.authorizedScope).toBeUndefined();
    expect(info.json.dateTokenIdles).toBeUndefined();
  });

  it("revokes the token with DELETE /tokens/me; HEAD verifies", async () => {
    const sim = testSim();
    const token = await clientToken(sim);
    expect((await api(sim, token, "HEAD", "/api/v2/tokens/me")).status).toBe(200);
    expect((await api(sim, token, "DELETE", "/api/v2/tokens/me")).status).toBe(200);
    const after = await api(sim, token, "GET", "/api/v2/routing/queues");
    expect(after.status).toBe(401);
    expect(after.json.code).toBe("bad.credentials");
  });

  it("401s: missing bearer is authentication.required, garbage is bad.credentials, expired is credentials.expired", async () => {
    let now = Date.UTC(2026, 0, 15);
    const sim = testSim({ now: () => now, tokenLifetimeSeconds: 60 });
    expect((await api(sim, null, "GET", "/api/v2/routing/queues")).json.code).toBe("authentication.required");
    expect((await api(sim, "garbage", "GET", "/api/v2/routing/queues")).json.code).toBe("bad.credentials");
    const token = await clientToken(sim);
    expect((await api(sim, token, "GET", "/api/v2/routing/queues")).status).toBe(200);
    now += 61_000;
    const expired = await api(sim, token, "GET", "/api/v2/routing/queues");
    expect(expired.status).toBe(401);
    expect(expired.json.code).toBe("credentials.expired");
  });
});

describe("authorization code + PKCE", () => {
  it("shows an accessible sign-in page listing the demo users, with the request in hidden fields", async () => {
    const sim = testSim();
    const { challenge } = pkcePair();
    const q = new URLSearchParams({
      response_type: "code",
      client_id: SIM_PKCE_CLIENT_ID,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: 'x"<y>',
    });
    const res = await sim.fetch(new Request(`${BASE}/oauth/authorize?${q}`));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Genesys Cloud simulator — choose a demo user");
    expect(html).toContain("Sam Supervisor");
    expect(html).toContain("Alex Agent");
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('value="x&quot;&lt;y&gt;"'); // state escaped, never raw
    expect(html).not.toContain('x"<y>');
  });

  it("redirects back with the code and the state verbatim; the S256 verifier gets a token without refresh_token", async () => {
    const sim = testSim();
    const { verifier, challenge } = pkcePair();
    const state = "a b&c=d/é";
    const q = await authorize(sim, "supervisor", challenge, state);
    expect(q.get("state")).toBe(state);
    const code = q.get("code")!;
    const body = new URLSearchParams({
      grant_type: "authorization_code",
      code,
      code_verifier: verifier,
      client_id: SIM_PKCE_CLIENT_ID,
      redirect_uri: REDIRECT,
    });
    const res = await sim.fetch(tokenRequest(body.toString(), { "Content-Type": "application/x-www-form-urlencoded" }));
    expect(res.status).toBe(200);
    const token = oauthTokenResponse.parse(await res.json());
    expect(token.refresh_token).toBeUndefined();
    const me = await api(sim, token.access_token, "GET", "/api/v2/users/me");
    expect(me.status).toBe(200);
    expect(userMe.parse(me.json).name).toBe("Sam Supervisor");
    const info = await api(sim, token.access_token, "GET", "/api/v2/tokens/me");
    expect(info.json.OAuthClient.authorizedGrantType).toBe("CODE");

    // Single use.
    const again = await sim.fetch(tokenRequest(body.toString()));
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("refuses a wrong verifier, a different redirect_uri and an expired code with invalid_grant", async () => {
    let now = Date.UTC(2026, 0, 15);
    const sim = testSim({ now: () => now });
    const { verifier, challenge } = pkcePair();
    const code = (await authorize(sim, "agent", challenge)).get("code")!;
    const exchange = (over: Record<string, string>) =>
      sim.fetch(
        tokenRequest(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            code_verifier: verifier,
            client_id: SIM_PKCE_CLIENT_ID,
            redirect_uri: REDIRECT,
            ...over,
          }).toString(),
        ),
      );
    const wrong = await exchange({ code_verifier: pkcePair().verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    const otherRedirect = await exchange({ redirect_uri: "http://localhost:3000/api/auth/callback/genesys" });
    expect(otherRedirect.status).toBe(400);
    expect(await otherRedirect.json()).toMatchObject({ error: "invalid_grant" });
    now += 61_000;
    const late = await exchange({});
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: "invalid_grant", description: "authorization code has expired" });
  });

  it("never redirects to an unregistered redirect URI: an HTML error page instead", async () => {
    const sim = testSim();
    const { challenge } = pkcePair();
    const q = new URLSearchParams({
      response_type: "code",
      client_id: SIM_PKCE_CLIENT_ID,
      redirect_uri: "https://evil.example/cb",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const res = await sim.fetch(new Request(`${BASE}/oauth/authorize?${q}`));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("Redirect URI not registered");
  });

  it("redirects with error=invalid_request when the challenge is missing or not S256", async () => {
    const sim = testSim();
    const variants: Record<string, string>[] = [{}, { code_challenge: pkcePair().challenge, code_challenge_method: "plain" }];
    for (const extra of variants) {
      const q = new URLSearchParams({
        response_type: "code",
        client_id: SIM_PKCE_CLIENT_ID,
        redirect_uri: REDIRECT,
        state: "s1",
        ...extra,
      });
      const res = await sim.fetch(new Request(`${BASE}/oauth/authorize?${q}`));
      expect(res.status).toBe(302);
      const back = new URL(res.headers.get("location")!);
      expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
      expect(back.searchParams.get("error")).toBe("invalid_request");
      expect(back.searchParams.get("state")).toBe("s1");
    }
  });

  it("the agent sees one division's queues; the supervisor sees them all", async () => {
    const sim = testSim();
    const agent = await userToken(sim, "agent");
    const supervisor = await userToken(sim, "supervisor");
    const a = await api(sim, agent, "GET", "/api/v2/routing/queues?pageSize=100");
    const s = await api(sim, supervisor, "GET", "/api/v2/routing/queues?pageSize=100");
    expect(s.json.total).toBe(sim.org.queues.length);
    expect(a.json.total).toBeGreaterThan(0);
    expect(a.json.total).toBeLessThan(s.json.total);
    expect(new Set(a.json.entities.map((q: { division: { id: string } }) => q.division.id)).size).toBe(1);
    const agentMe = await api(sim, agent, "GET", "/api/v2/users/me");
    expect(agentMe.json.name).toBe("Alex Agent");
    // And the agent cannot read another division's queue.
    const other = s.json.entities.find((q: { division: { id: string } }) => q.division.id !== a.json.entities[0].division.id);
    expect((await api(sim, agent, "GET", `/api/v2/routing/queues/${other.id}`)).status).toBe(404);
  });

  it("an authorize request without `scope` gives a token with the client's configured scopes; with one, that scope", async () => {
    const sim = testSim();
    // userToken() in helpers authorizes without `scope`, as the JS SDK's loginPKCEGrant does.
    const token = await userToken(sim, "agent");
    const info = await api(sim, token, "GET", "/api/v2/tokens/me");
    expect(info.json.authorizedScope).toEqual(["analytics:readonly", "routing:readonly", "users:readonly"]);
    expect(info.json.OAuthClient.authorizedGrantType).toBe("CODE");

    const p2 = pkcePair();
    const page = await sim.fetch(
      new Request(
        `${BASE}/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: SIM_PKCE_CLIENT_ID, redirect_uri: REDIRECT, code_challenge: p2.challenge, code_challenge_method: "S256" })}`,
      ),
    );
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('name="scope"');
    const fields = new URLSearchParams({
      response_type: "code",
      client_id: SIM_PKCE_CLIENT_ID,
      redirect_uri: REDIRECT,
      code_challenge: p2.challenge,
      code_challenge_method: "S256",
      scope: "analytics:readonly",
      user: "supervisor",
    });
    const back = await sim.fetch(new Request(`${BASE}/oauth/authorize`, { method: "POST", body: fields.toString() }));
    const code = new URL(back.headers.get("location")!).searchParams.get("code")!;
    const t2 = await sim.fetch(
      tokenRequest(
        new URLSearchParams({
          grant_type: "authorization_code",
          code,
          code_verifier: p2.verifier,
          client_id: SIM_PKCE_CLIENT_ID,
          redirect_uri: REDIRECT,
        }).toString(),
      ),
    );
    const scoped = ((await t2.json()) as { access_token: string }).access_token;
    expect((await api(sim, scoped, "GET", "/api/v2/tokens/me")).json.authorizedScope).toEqual(["analytics:readonly"]);
  });

  it("the confidential code client authenticates with Basic and may refresh", async () => {
    const sim = testSim();
    const q = new URLSearchParams({
      response_type: "code",
      client_id: SIM_CODE_CLIENT_ID,
      redirect_uri: REDIRECT,
      state: "s",
      user: "agent",
    });
    const res = await sim.fetch(new Request(`${BASE}/oauth/authorize`, { method: "POST", body: q.toString() }));
    const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
    const tok = await sim.fetch(
      tokenRequest(new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT }).toString(), {
        Authorization: basic(SIM_CODE_CLIENT_ID, SIM_CODE_CLIENT_SECRET),
      }),
    );
    expect(tok.status).toBe(200);
    const body = (await tok.json()) as { refresh_token: string; access_token: string };
    expect(body.refresh_token).toBeTruthy();
    const refreshed = await sim.fetch(
      tokenRequest(`grant_type=refresh_token&refresh_token=${body.refresh_token}`, {
        Authorization: basic(SIM_CODE_CLIENT_ID, SIM_CODE_CLIENT_SECRET),
      }),
    );
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string };
    expect(next.access_token).not.toBe(body.access_token);
    expect((await api(sim, next.access_token, "GET", "/api/v2/users/me")).json.name).toBe("Alex Agent");
  });

  it("logout redirects to a registered URI, otherwise shows a page", async () => {
    const sim = testSim();
    const ok = await sim.fetch(new Request(`${BASE}/logout?client_id=${SIM_PKCE_CLIENT_ID}&redirect_uri=${encodeURIComponent(REDIRECT)}`));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(REDIRECT);
    const page = await sim.fetch(new Request(`${BASE}/logout?client_id=${SIM_PKCE_CLIENT_ID}&redirect_uri=https://evil.example/`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Signed out");
  });
});

describe("division reach of client-credentials clients", () => {
  it("the reporting client sees every division; the division client exactly its role division (Home)", async () => {
    const sim = testSim();
    const all = await clientToken(sim);
    const home = await clientToken(sim, SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET);
    const homeId = sim.org.divisions.find((d) => d.name === "Home")!.id;
    const homeQueues = sim.org.queues.filter((q) => q.divisionId === homeId);
    const everything = await api(sim, all, "GET", "/api/v2/routing/queues?pageSize=100");
    expect(everything.json.total).toBe(sim.org.queues.length);
    const mine = await api(sim, home, "GET", "/api/v2/routing/queues?pageSize=100");
    expect(mine.json.total).toBe(homeQueues.length);
    expect(mine.json.entities.map((q: { id: string }) => q.id).sort()).toEqual(homeQueues.map((q) => q.id).sort());
    const other = sim.org.queues.find((q) => q.divisionId !== homeId)!;
    expect((await api(sim, home, "GET", `/api/v2/routing/queues/${other.id}`)).status).toBe(404);
    expect((await api(sim, home, "GET", `/api/v2/routing/queues/${homeQueues[0]!.id}`)).status).toBe(200);
    // Asking for another division by id does not widen the reach.
    const byDivision = await api(sim, home, "GET", `/api/v2/routing/queues?divisionId=${other.divisionId}`);
    expect(byDivision.json.total).toBe(0);
    const info = await api(sim, home, "GET", "/api/v2/tokens/me");
    expect(info.json.OAuthClient).toMatchObject({ id: SIM_DIVISION_CLIENT_ID, authorizedGrantType: "CLIENT-CREDENTIALS" });
    expect((await api(sim, home, "GET", "/api/v2/users/me")).json.code).toBe("not.a.user");
  });

  it("aggregates and details show the division client only its division's conversations, like the agent's", async () => {
    const sim = testSim();
    const all = await clientToken(sim);
    const home = await clientToken(sim, SIM_DIVISION_CLIENT_ID, SIM_DIVISION_CLIENT_SECRET);
    const agent = await userToken(sim, "agent");
    const homeId = sim.org.divisions.find((d) => d.name === "Home")!.id;
    const end = Date.UTC(2026, 0, 15);
    const iv = `${new Date(end - 86_400_000).toISOString()}/${new Date(end).toISOString()}`;
    const body = { interval: iv, groupBy: ["divisionId"], metrics: ["nOffered", "tHandle"] };
    const everyone = await api(sim, all, "POST", "/api/v2/analytics/conversations/aggregates/query", body);
    expect(everyone.json.results.length).toBe(sim.org.divisions.length);
    const mine = await api(sim, home, "POST", "/api/v2/analytics/conversations/aggregates/query", body);
    expect(mine.json.results.map((r: { group: { divisionId: string } }) => r.group.divisionId)).toEqual([homeId]);
    expect(mine.json.results).toEqual(
      everyone.json.results.filter((r: { group: { divisionId: string } }) => r.group.divisionId === homeId),
    );
    expect((await api(sim, agent, "POST", "/api/v2/analytics/conversations/aggregates/query", body)).json).toEqual(mine.json);

    const details = {
      interval: `${new Date(end + 3_600_000).toISOString()}/${new Date(end + 7_200_000).toISOString()}`,
      paging: { pageSize: 100, pageNumber: 1 },
    };
    const d = await api(sim, home, "POST", "/api/v2/analytics/conversations/details/query", details);
    expect(d.json.conversations.length).toBeGreaterThan(0);
    expect(d.json.conversations.every((c: { divisionIds: string[] }) => c.divisionIds[0] === homeId)).toBe(true);
    const dAll = await api(sim, all, "POST", "/api/v2/analytics/conversations/details/query", details);
    expect(d.json.totalHits).toBeLessThan(dAll.json.totalHits);
    const outside = dAll.json.conversations.find((c: { divisionIds: string[] }) => c.divisionIds[0] !== homeId);
    expect((await api(sim, home, "GET", `/api/v2/analytics/conversations/${outside.conversationId}/details`)).status).toBe(404);
  });
});

describe("idle token timeout", () => {
  it("a user token unused for the idle timeout answers 401 credentials.expired; use restarts the timer; client credentials are unaffected", async () => {
    let now = Date.UTC(2026, 0, 15, 9);
    const sim = testSim({ now: () => now, idleTokenTimeoutSeconds: 300 });
    const user = await userToken(sim, "supervisor");
    const other = await userToken(sim, "agent");
    const client = await clientToken(sim);
    const info = await api(sim, user, "GET", "/api/v2/tokens/me");
    expect(info.json.dateTokenIdles).toBe(new Date(now + 300_000).toISOString());
    now += 299_000;
    expect((await api(sim, user, "GET", "/api/v2/routing/queues")).status).toBe(200); // restarts the timer
    now += 299_000;
    expect((await api(sim, user, "GET", "/api/v2/users/me")).status).toBe(200);
    // preserveIdleTTL=true reads the token without restarting the timer.
    now += 200_000;
    const peek = await api(sim, user, "GET", "/api/v2/tokens/me?preserveIdleTTL=true");
    expect(peek.status).toBe(200);
    expect(peek.json.dateTokenIdles).toBe(new Date(now - 200_000 + 300_000).toISOString());
    now += 100_000;
    const idle = await api(sim, user, "GET", "/api/v2/routing/queues");
    expect(idle.status).toBe(401);
    expect(idle.json.code).toBe("credentials.expired");
    // The agent's token has been idle since it was issued.
    expect((await api(sim, other, "GET", "/api/v2/routing/queues")).status).toBe(401);
    // Client credentials: no idle timeout.
    expect((await api(sim, client, "GET", "/api/v2/routing/queues")).status).toBe(200);
    // Off by default.
    const plain = testSim({ now: () => now });
    const t = await userToken(plain, "agent");
    now += 8 * 3_600_000;
    expect((await api(plain, t, "GET", "/api/v2/routing/queues")).status).toBe(200);
  });

  it("accepts 0 (off) or 5 minutes to 8 hours, like the org setting", () => {
    expect(() => testSim({ idleTokenTimeoutSeconds: 299 })).toThrow(/idleTokenTimeoutSeconds/);
    expect(() => testSim({ idleTokenTimeoutSeconds: 28_801 })).toThrow(/idleTokenTimeoutSeconds/);
    expect(testSim({ idleTokenTimeoutSeconds: 28_800 }).options.idleTokenTimeoutSeconds).toBe(28_800);
  });
});
