/** JSON answers with the error envelope of DESIGN.md: `{"error": {"code", "message", "field"}}`. */
export function jsonError(status: number, code: string, message: string, field?: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers });
}

export const noStore = { "Cache-Control": "no-store" } as const;
