/** Shared helpers for the simulator tests: a fixed clock, tokens, JSON calls. */
import { createHash, randomBytes } from "node:crypto";
import { createSimulator, SIM_CLIENT_ID, SIM_CLIENT_SECRET, SIM_PKCE_CLIENT_ID, type Simulator, type SimulatorOptions } from "@/lib/sim";

/** A fixed "now": Thursday 2026-01-15 12:34:56.789 UTC. */
export const NOW = Date.UTC(2026, 0, 15, 12, 34, 56, 789);
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const BASE = "http://sim.test";
export const REDIRECT = "http://127.0.0.1:3000/api/auth/callback/genesys";

export function testSim(opts: Partial<SimulatorOptions> = {}): Simulator {
  return createSimulator({ now: () => NOW, ...opts });
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

/**
 * What oauth4webapi's ClientSecretBasic sends: each part application/x-www-form-urlencoded first
 * (RFC 6749 §2.3.1 read strictly), so `-` becomes `%2D` and `_` becomes `%5F`.
 */
export function formEncodedBasic(id: string, secret: string): string {
  const form = (s: string) =>
    encodeURIComponent(s)
      .replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, "+");
  return basic(form(id), form(secret));
}

export async function clientToken(sim: Simulator, id = SIM_CLIENT_ID, secret = SIM_CLIENT_SECRET): Promise<string> {
  const res = await sim.fetch(
    new Request(`${BASE}/oauth/token`, {
      method: "POST",
      headers: { Authorization: basic(id, secret), "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    }),
  );
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url"); // 64 chars
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Sign in through the simulated authorize page as a demo user; answers the redirect's query. */
export async function authorize(
  sim: Simulator,
  user: "supervisor" | "agent",
  challenge: string,
  state = "st-123",
): Promise<URLSearchParams> {
  const fields = new URLSearchParams({
    response_type: "code",
    client_id: SIM_PKCE_CLIENT_ID,
    redirect_uri: REDIRECT,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
    user,
  });
  const res = await sim.fetch(
    new Request(`${BASE}/oauth/authorize`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: fields.toString(),
    }),
  );
  if (res.status !== 302) throw new Error(`authorize: ${res.status} ${await res.text()}`);
  const location = new URL(res.headers.get("location")!);
  return location.searchParams;
}

export async function userToken(sim: Simulator, user: "supervisor" | "agent"): Promise<string> {
  const { verifier, challenge } = pkcePair();
  const q = await authorize(sim, user, challenge);
  const res = await sim.fetch(
    new Request(`${BASE}/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: q.get("code")!,
        code_verifier: verifier,
        client_id: SIM_PKCE_CLIENT_ID,
        redirect_uri: REDIRECT,
      }).toString(),
    }),
  );
  if (res.status !== 200) throw new Error(`pkce token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

// `json` is whatever the simulator answered: each test reads the fields it checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyJson = any;

export async function api(
  sim: Simulator,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; json: AnyJson; text: string }> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await sim.fetch(
    new Request(`${BASE}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
  );
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const interval = (start: number, end: number) => `${iso(start)}/${iso(end)}`;
