import { isStoreUnavailable } from "@/lib/store";

/** JSON answers with the app's error envelope (README.md#http-api): `{"error": {"code", "message", "field"}}`. */
export function jsonError(status: number, code: string, message: string, field?: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers });
}

export const noStore = { "Cache-Control": "no-store" } as const;

/** Turns a store outage into a clear 503; anything else is rethrown. */
export function storeUnavailableResponse(error: unknown): Response {
  if (isStoreUnavailable(error)) {
    return jsonError(
      503,
      "store_unavailable",
      `${error.message}. The dashboard recovers by itself when the store is back.`,
      undefined,
      noStore,
    );
  }
  throw error;
}
