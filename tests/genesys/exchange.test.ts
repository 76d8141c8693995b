import { describe, expect, it } from "vitest";
import { describeExchange, redactAuthorization } from "@/lib/genesys/exchange";

const TOKEN = "eyJraWQiOiJzZWNyZXQtdG9rZW4tdmFsdWUifQ.payload.signature";

describe("exchange redaction", () => {
  it("keeps the scheme and a short prefix of bearer tokens, nothing of Basic credentials", () => {
    expect(redactAuthorization(`Bearer ${TOKEN}`)).toBe("Bearer eyJr…(redacted)");
    expect(redactAuthorization(`Basic ${btoa("client:secret")}`)).toBe("Basic …(redacted)");
  });

  it("redacts token answers, form secrets and cookies but leaves API bodies alone", () => {
    const token = describeExchange({
      kind: "token",
      method: "POST",
      url: "https://login.example/oauth/token",
      requestHeaders: new Headers({
        authorization: `Basic ${btoa("client:secret")}`,
        "content-type": "application/x-www-form-urlencoded",
      }),
      requestBody: "grant_type=authorization_code&code=abc123&code_verifier=verifier-xyz&client_id=pub",
      status: 200,
      responseHeaders: new Headers({ "content-type": "application/json", "set-cookie": "session=1" }),
      responseText: JSON.stringify({ access_token: TOKEN, refresh_token: "refresh-secret", token_type: "bearer", expires_in: 86399 }),
      startedAt: 0,
      durationMs: 3,
      attempt: 1,
    });
    const text = JSON.stringify(token);
    for (const secret of [TOKEN, "refresh-secret", btoa("client:secret"), "abc123", "verifier-xyz", "session=1"]) {
      expect(text).not.toContain(secret);
    }
    expect(token.responseBody).toMatchObject({ access_token: "eyJr…(redacted)", token_type: "bearer", expires_in: 86399 });
    expect(token.requestBody).toContain("grant_type=authorization_code");
    expect(token.requestBody).toContain("client_id=pub");

    const api = describeExchange({
      kind: "api",
      method: "GET",
      url: "https://api.example/api/v2/routing/queues",
      requestHeaders: new Headers({ authorization: `Bearer ${TOKEN}` }),
      status: 400,
      responseText: JSON.stringify({ code: "bad.request", message: "no" }),
      startedAt: 0,
      durationMs: 1,
      attempt: 2,
    });
    expect(api.requestHeaders.authorization).toBe("Bearer eyJr…(redacted)");
    expect(api.responseBody).toEqual({ code: "bad.request", message: "no" });
    expect(api.startedAt).toBe("1970-01-01T00:00:00.000Z");
  });

  it("truncates long text bodies", () => {
    const exchange = describeExchange({
      kind: "api",
      method: "GET",
      url: "https://api.example/x",
      requestHeaders: new Headers(),
      status: 502,
      responseText: "<html>".padEnd(10_000, "x"),
      startedAt: 0,
      durationMs: 1,
      attempt: 1,
    });
    expect(typeof exchange.responseBody).toBe("string");
    expect((exchange.responseBody as string).length).toBeLessThan(4_100);
  });
});
