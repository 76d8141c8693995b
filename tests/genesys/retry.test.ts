import { describe, expect, it } from "vitest";
import { buildQueryString, readErrorBody } from "@/lib/genesys/http";
import { DEFAULT_RETRY, backoffMs, parseRetryAfter, rateLimitWaitMs, realSleep } from "@/lib/genesys/retry";

describe("retry policy pieces", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now)).toBe(7000);
  });

  it("waits Retry-After, else inin-ratelimit-reset, else the default", () => {
    expect(rateLimitWaitMs(new Headers({ "retry-after": "2", "inin-ratelimit-reset": "50" }), DEFAULT_RETRY)).toBe(2000);
    expect(rateLimitWaitMs(new Headers({ "inin-ratelimit-reset": "7" }), DEFAULT_RETRY)).toBe(7000);
    expect(rateLimitWaitMs(new Headers(), DEFAULT_RETRY)).toBe(DEFAULT_RETRY.rateLimitDefaultMs);
  });

  it("backs off with full jitter under a capped exponential ceiling", () => {
    const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, options, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffMs(3, options, () => 0)).toBe(0);
  });

  it("never sleeps less than asked", async () => {
    for (const ms of [1, 15, 40]) {
      const started = performance.now();
      await realSleep(ms);
      expect(performance.now() - started).toBeGreaterThanOrEqual(ms);
    }
  });

  it("serialises query arrays as repeated keys and drops undefined", () => {
    expect(buildQueryString({ id: ["a", "b"], pageSize: 25, hasPeer: false, name: undefined })).toBe(
      "?id=a&id=b&pageSize=25&hasPeer=false",
    );
    expect(buildQueryString({})).toBe("");
    expect(buildQueryString({ name: "Sales *" })).toBe("?name=Sales+*");
  });

  it("reads error bodies that are not the platform's JSON (gateways, load balancers)", () => {
    const html = readErrorBody({ status: 502, headers: new Headers(), text: `<html><body>${"Bad Gateway ".repeat(40)}</body></html>` });
    expect(html.status).toBe(502);
    expect(html.message?.startsWith("<html><body>Bad Gateway")).toBe(true);
    expect(html.message!.length).toBeLessThanOrEqual(201);
    expect(readErrorBody({ status: 503, headers: new Headers(), text: "" })).toEqual({ status: 503 });
    expect(
      readErrorBody({ status: 400, headers: new Headers(), text: '{"code":"bad.request","message":"no","contextId":"c-1"}' }),
    ).toMatchObject({
      code: "bad.request",
      contextId: "c-1",
    });
  });
});
