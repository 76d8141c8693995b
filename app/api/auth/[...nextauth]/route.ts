/**
 * Auth.js: sign-in, the Genesys callback, sign-out, session and CSRF endpoints (lib/auth).
 *
 * Bodies are read here with a 64 KiB limit (lib/server/body-limit.ts; 413 beyond it) before Auth.js
 * sees them: its forms (CSRF token, callback URL) are a few hundred bytes, and lib/auth would
 * otherwise read whatever arrives, whole, into memory.
 */
import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { BodyTooLargeError, KIB, bodyTooLargeResponse, declaredTooLarge, readBodyLimited } from "@/lib/server/body-limit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const AUTH_BODY_LIMIT = 64 * KIB;

async function limited(request: NextRequest, handler: (request: NextRequest) => Promise<Response>): Promise<Response> {
  const declared = declaredTooLarge(request.headers, AUTH_BODY_LIMIT);
  if (declared) return bodyTooLargeResponse(declared);
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return handler(request);
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyLimited(request, AUTH_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return bodyTooLargeResponse(error);
    throw error;
  }
  return handler(new NextRequest(request.url, { method: request.method, headers: request.headers, body }));
}

export function GET(request: NextRequest): Promise<Response> {
  return limited(request, handlers.GET);
}

export function POST(request: NextRequest): Promise<Response> {
  return limited(request, handlers.POST);
}
