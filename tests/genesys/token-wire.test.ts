/**
 * The token request on the wire, against a login service that compares credentials exactly as
 * they arrive (no form-decoding), as a strict Genesys would: the bytes every official SDK sends
 * (platform-client-sdk-javascript ApiClient.js: base64 of the raw `id:secret`) must be accepted.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGenesysClient, GenesysAuthError, MemoryTokenCache } from "@/lib/genesys";

// A Genesys client id is a UUID; secrets are base64url-like and contain `-` and `_`.
const CLIENT_ID = "f2c09a75-cd94-4b8e-9e2f-0c5a7d3e1b42";
const CLIENT_SECRET = "Zq-8_x4Lm2Pn-7Rt_3Kv9Wb1Yc6Hd0Jf5Gs-Ae_Ui8o";
const EXPECTED_AUTHORIZATION = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`;

type Seen = { method: string; url: string; authorization: string | undefined; contentType: string | undefined; body: string };

let server: Server;
let base: string;
const seen: Seen[] = [];
let tokenRequests = 0;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    const send = (status: number, json: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(json));
    };
    if (request.url === "/oauth/token") {
      tokenRequests += 1;
      seen.push({
        method: request.method ?? "",
        url: request.url,
        authorization: request.headers.authorization,
        contentType: request.headers["content-type"],
        body,
      });
      // Slow enough that concurrent callers arrive while the request is in flight.
      await new Promise((resolve) => setTimeout(resolve, 30));
      // Literal comparison: a form-encoded id (`%2D`) names no client here.
      if (request.headers.authorization !== EXPECTED_AUTHORIZATION)
        return send(400, { error: "invalid_client", description: "client not found" });
      return send(200, { access_token: "token-from-strict-login", token_type: "bearer", expires_in: 86399 });
    }
    if (request.url === "/api/v2/tokens/me") {
      if (request.headers.authorization !== "Bearer token-from-strict-login")
        return send(401, { status: 401, code: "bad.credentials", message: "Invalid login credentials." });
      return send(200, {
        organization: { id: "org", name: "Strict Org" },
        OAuthClient: { id: CLIENT_ID, name: "Reports", authorizedGrantType: "CLIENT-CREDENTIALS" },
      });
    }
    send(404, { status: 404, code: "not.found", message: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen.length = 0;
  tokenRequests = 0;
});

function client(secret = CLIENT_SECRET, tokenCache = new MemoryTokenCache()) {
  return createGenesysClient({ loginUrl: base, apiUrl: base, credentials: { clientId: CLIENT_ID, clientSecret: secret }, tokenCache });
}

describe("the client-credentials token request on the wire", () => {
  it("sends Basic base64 of the raw id:secret, byte for byte what the official SDKs send", async () => {
    const info = await client().getTokenInfo();
    expect(info.organization?.name).toBe("Strict Org");
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request!.method).toBe("POST");
    expect(request!.authorization).toBe(EXPECTED_AUTHORIZATION);
    // Not the form-encoded variant (RFC 6749 §2.3.1 read strictly), which names another client.
    expect(Buffer.from(request!.authorization!.slice("Basic ".length), "base64").toString()).not.toContain("%2D");
    expect(request!.body).toBe("grant_type=client_credentials");
    expect(request!.contentType).toBe("application/x-www-form-urlencoded");
  });

  it("clients sharing a token cache send one token request between them", async () => {
    const cache = new MemoryTokenCache();
    const clients = [client(CLIENT_SECRET, cache), client(CLIENT_SECRET, cache), client(CLIENT_SECRET, cache)];
    await Promise.all(clients.flatMap((c) => Array.from({ length: 7 }, () => c.getTokenInfo())));
    expect(tokenRequests).toBe(1);
  });

  it("a refused secret is one token request for every caller waiting on it", async () => {
    const cache = new MemoryTokenCache();
    const clients = Array.from({ length: 20 }, () => client("wrong-secret", cache));
    const outcomes = await Promise.allSettled(clients.map((c) => c.getTokenInfo()));
    expect(outcomes.every((o) => o.status === "rejected" && o.reason instanceof GenesysAuthError)).toBe(true);
    expect(tokenRequests).toBe(1);
    // Callers that come moments later hear the same refusal without another request.
    await expect(client("wrong-secret", cache).getTokenInfo()).rejects.toBeInstanceOf(GenesysAuthError);
    expect(tokenRequests).toBe(1);
    // The right secret on the same cache is not refused for the wrong one's sake.
    await client(CLIENT_SECRET, cache).getTokenInfo();
    expect(tokenRequests).toBe(2);
  });
});
