import { CallbackRouteError, InvalidCallbackUrl } from "@auth/core/errors";
import { describe, expect, it } from "vitest";
import { MAX_LOG_PIECE, authErrorLogLine, authWarningLogLine, safeLogText, withoutReadMore } from "@/lib/auth/log";

/** Any C0 control character, DEL or C1 control, or a Unicode line/paragraph separator. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe("the Auth.js error log line", () => {
  it("escapes CR, LF and terminal escapes from a crafted callbackUrl, on one line", () => {
    const callbackUrl = "https://evil.example/\r\n[auth] signed in as admin\u001b[2J\u0000\u2028/";
    const line = authErrorLogLine(new InvalidCallbackUrl(`Invalid callback URL. Received: ${callbackUrl}`));
    expect(line).not.toMatch(CONTROL);
    expect(line).toBe(
      "[auth] InvalidCallbackUrl: Invalid callback URL. Received: https://evil.example/\\r\\n[auth] signed in as admin\\u001b[2J\\u0000\\u2028/",
    );
  });

  it("truncates a long callbackUrl to about 200 characters", () => {
    const line = authErrorLogLine(new InvalidCallbackUrl(`Invalid callback URL. Received: https://x.example/${"a".repeat(100_000)}`));
    const message = line.slice("[auth] InvalidCallbackUrl: ".length);
    expect(message.endsWith("…")).toBe(true);
    expect(message.length).toBe(MAX_LOG_PIECE + 1);
    expect(MAX_LOG_PIECE).toBe(200);
  });

  it("takes linear time on input that made the old regular expression backtrack", () => {
    // /\.?\s*Read more at \S+$/ tried every start in a run of whitespace: quadratic.
    const crafted = `Invalid callback URL. Received: ${" ".repeat(200_000)}x`;
    const started = performance.now();
    const line = authErrorLogLine(new InvalidCallbackUrl(crafted));
    expect(performance.now() - started).toBeLessThan(200);
    expect(line.length).toBeLessThan(300);
  });

  it("still drops Auth.js's 'Read more at' suffix, and keeps the OAuth error of the cause, escaped", () => {
    expect(new InvalidCallbackUrl("Invalid callback URL. Received: /x").message).toMatch(/Read more at https:\/\/errors\.authjs\.dev/);
    expect(withoutReadMore("Invalid callback URL. Received: /x. Read more at https://errors.authjs.dev#invalidcallbackurl")).toBe(
      "Invalid callback URL. Received: /x",
    );
    expect(withoutReadMore("no suffix here")).toBe("no suffix here");
    expect(withoutReadMore("Read more at two words")).toBe("Read more at two words");

    const cause = Object.assign(new Error("server responded with an error in the response body"), {
      error: "invalid_grant",
      error_description: "code expired\r\n[auth] forged",
    });
    const line = authErrorLogLine(new CallbackRouteError("", { cause: { err: cause } }));
    expect(line).toBe(
      "[auth] CallbackRouteError because server responded with an error in the response body: invalid_grant (code expired\\r\\n[auth] forged)",
    );
  });

  it("escapes warnings and any value", () => {
    expect(authWarningLogLine("debug-enabled\n[auth] forged")).toBe("[auth] warning: debug-enabled\\n[auth] forged");
    expect(safeLogText("tab\there\u0085", 200)).toBe("tab\\there\\u0085");
    expect(safeLogText("héllo 👋", 200)).toBe("héllo 👋");
    expect(safeLogText("abcdef", 3)).toBe("abc…");
    expect(safeLogText(42)).toBe("42");
  });
});
