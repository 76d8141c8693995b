/**
 * Drives "Sign in with Genesys Cloud" in-process, the way a browser would: Auth.js's handlers for
 * the app's side, the embedded simulator's sign-in page for the user's choice, with a cookie jar.
 */
import { NextRequest } from "next/server";
import type { Simulator } from "@/lib/sim";

export const ORIGIN = "http://127.0.0.1:3000";

type SetCookie = { name: string; value: string; attributes: Record<string, string | true> };

export function parseSetCookie(header: string): SetCookie {
  const [pair = "", ...attrs] = header.split(";");
  const i = pair.indexOf("=");
  const attributes: Record<string, string | true> = {};
  for (const a of attrs) {
    const j = a.indexOf("=");
    const key = (j < 0 ? a : a.slice(0, j)).trim().toLowerCase();
    if (key) attributes[key] = j < 0 ? true : a.slice(j + 1).trim();
  }
  return { name: pair.slice(0, i).trim(), value: pair.slice(i + 1).trim(), attributes };
}

export class CookieJar {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie seen, with its attributes, for the cookie-option tests. */
  readonly seen: SetCookie[] = [];

  store(response: Response): this {
    for (const header of response.headers.getSetCookie()) {
      const c = parseSetCookie(header);
      this.seen.push(c);
      const expired =
        c.attributes["max-age"] === "0" || (typeof c.attributes.expires === "string" && Date.parse(c.attributes.expires) < Date.now());
      if (expired || c.value === "") this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return this;
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  clone(): CookieJar {
    const jar = new CookieJar();
    for (const [k, v] of this.cookies) jar.cookies.set(k, v);
    return jar;
  }

  find(pattern: RegExp): string | undefined {
    return [...this.cookies.keys()].find((k) => pattern.test(k));
  }
}

type Handlers = { GET: (r: NextRequest) => Promise<Response>; POST: (r: NextRequest) => Promise<Response> };

export async function authHandlers(): Promise<Handlers> {
  return (await import("@/lib/auth")).handlers;
}

export function appRequest(
  path: string,
  jar: CookieJar,
  init: { method?: string; body?: URLSearchParams; origin?: string } = {},
): NextRequest {
  const url = new URL(path, init.origin ?? ORIGIN);
  // What a browser sends: the Host it addressed (NextRequest itself says localhost for 127.0.0.1).
  const headers = new Headers({ cookie: jar.header(), host: url.host });
  if (init.body) headers.set("content-type", "application/x-www-form-urlencoded");
  return new NextRequest(url, { method: init.method ?? "GET", headers, body: init.body?.toString() });
}

/** POST /api/auth/signin/genesys with a CSRF token: answers the redirect to the authorization page. */
export async function startSignIn(handlers: Handlers, jar: CookieJar, origin = ORIGIN, callbackUrl = "/me"): Promise<URL> {
  const csrf = await handlers.GET(appRequest("/api/auth/csrf", jar, { origin }));
  jar.store(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await handlers.POST(
    appRequest("/api/auth/signin/genesys", jar, { method: "POST", origin, body: new URLSearchParams({ csrfToken, callbackUrl }) }),
  );
  jar.store(signIn);
  if (signIn.status !== 302) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
  return new URL(signIn.headers.get("location")!);
}

/** The user picks a demo identity on the simulator's page: answers the simulator's redirect. */
export async function chooseUser(sim: Simulator, authorizeUrl: URL, user: "supervisor" | "agent"): Promise<Response> {
  const form = new URLSearchParams(authorizeUrl.searchParams);
  form.set("user", user);
  return sim.fetch(
    new Request(new URL("/sim/oauth/authorize", authorizeUrl), {
      method: "POST",
      // What a browser sends: the Host it addressed.
      headers: { "content-type": "application/x-www-form-urlencoded", host: authorizeUrl.host },
      body: form.toString(),
    }),
  );
}

/** The whole flow; answers the callback's response (its cookies are in `jar`). */
export async function signInAs(
  handlers: Handlers,
  sim: Simulator,
  jar: CookieJar,
  user: "supervisor" | "agent",
  origin = ORIGIN,
): Promise<Response> {
  const authorizeUrl = await startSignIn(handlers, jar, origin);
  const back = await chooseUser(sim, authorizeUrl, user);
  if (back.status !== 302) throw new Error(`the simulator answered ${back.status}: ${await back.text()}`);
  const callback = await handlers.GET(appRequest(back.headers.get("location")!, jar, { origin }));
  jar.store(callback);
  return callback;
}

export function sessionCookie(jar: CookieJar): string | undefined {
  return jar.find(/authjs\.session-token/);
}
