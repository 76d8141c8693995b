/**
 * The platform's ErrorBody (model ErrorBody of the official SDKs, e.g. platform-client-sdk-dotnet
 * docs/ErrorBody.md; codes per status from the platform swagger's x-inin-error-codes) and the
 * OAuth-style errors of /oauth/token (`{error, description, error_description}`, RFC 6749 §5.2
 * plus Genesys's `description`, as recorded from a real org in gildas/go-gcloudcx client_test.go).
 * Handlers throw `SimError`; the app turns it into the JSON answer with the request's
 * correlation id as `contextId`.
 */
import type { z } from "zod";

export type ErrorDetail = { errorCode?: string; fieldName?: string; entityId?: string; entityName?: string };

/** ErrorBody `limit` (model Limit): the org limit a request ran into. */
export type ErrorLimit = { key: string; namespace: string; value: number };

/** Optional ErrorBody fields: `messageParams` (the values filled into the message) and `limit`. */
export type ErrorExtras = { messageParams?: Record<string, string>; limit?: ErrorLimit };

export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = "SimError";
  }
}

/** Default code and message per status, from the swagger's x-inin-error-codes. */
export const STANDARD_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: "bad.request", message: "The request could not be understood by the server due to malformed syntax." },
  401: { code: "bad.credentials", message: "Invalid login credentials." },
  403: { code: "not.authorized", message: "You are not authorized to perform the requested action." },
  404: { code: "not.found", message: "The requested resource was not found." },
  408: { code: "request.timeout", message: "The request timed out." },
  409: { code: "conflict", message: "The request could not be completed due to a conflict." },
  413: { code: "request.entity.too.large", message: "The request entity is too large." },
  415: { code: "unsupported.media.type", message: "Unsupported Media Type." },
  429: { code: "too.many.requests", message: "Rate limit exceeded the maximum. Retry the request in [%s] seconds" },
  500: {
    code: "internal.server.error",
    message: "The server encountered an unexpected condition which prevented it from fulfilling the request.",
  },
  502: { code: "bad.gateway", message: "The server received an invalid response from an upstream server." },
  503: {
    code: "service.unavailable",
    message: "Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).",
  },
  504: { code: "request.timeout", message: "The request timed out." },
};

export function standardError(status: number, detail?: { retryAfterSeconds?: number }): SimError {
  const std = STANDARD_ERRORS[status] ?? { code: status >= 500 ? "internal.server.error" : "bad.request", message: `HTTP ${status}` };
  if (status === 429) return tooManyRequests(detail?.retryAfterSeconds ?? 1);
  const headers: Record<string, string> = {};
  if (detail?.retryAfterSeconds !== undefined) headers["Retry-After"] = String(detail.retryAfterSeconds);
  return new SimError(status, std.code, std.message, [], headers);
}

export function tooManyRequests(retryAfterSeconds: number): SimError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new SimError(429, "too.many.requests", `Rate limit exceeded the maximum. Retry the request in [${seconds}] seconds`, [], {
    "Retry-After": String(seconds),
  });
}

export const notFound = (what = "The requested resource was not found.") => new SimError(404, "not.found", what);

export const badRequest = (message: string, fieldName?: string, code = "bad.request") =>
  new SimError(400, code, message, fieldName ? [{ errorCode: code, fieldName }] : []);

export function errorBody(err: SimError, contextId: string) {
  return {
    message: err.message,
    code: err.code,
    status: err.status,
    messageParams: err.extras.messageParams ?? {},
    contextId,
    details: err.details,
    errors: [],
    ...(err.extras.limit ? { limit: err.extras.limit } : {}),
  };
}

/** OAuth error answer of /oauth/token: `{error, description, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = "OAuthError";
  }
  body() {
    return { error: this.error, description: this.description, error_description: this.description };
  }
}

function pathString(path: PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * Turn the first zod issue of a request body into the ErrorBody the real API would give:
 * unknown fields are `bad.request`, bad enum values `invalid.value` (naming the value and the
 * field), missing required fields `required.field.missing`.
 */
export function fromZodError(error: z.ZodError, body: unknown): SimError {
  const issue = error.issues[0];
  if (!issue) return badRequest("The request could not be understood by the server due to malformed syntax.");
  const field = pathString(issue.path);
  const valueAt = (): unknown => {
    let v: unknown = body;
    for (const p of issue.path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
    return v;
  };
  switch (issue.code) {
    case "unrecognized_keys": {
      const keys = issue.keys.join(", ");
      const where = field ? ` in [${field}]` : "";
      return badRequest(
        `Unrecognized field(s) [${keys}]${where}. The request could not be understood by the server.`,
        issue.keys.map((k) => (field ? `${field}.${k}` : k)).join(","),
      );
    }
    case "invalid_value": {
      const allowed = issue.values.map(String);
      const shown = allowed.length > 12 ? `${allowed.slice(0, 12).join(", ")}, … (${allowed.length} values)` : allowed.join(", ");
      return badRequest(
        `Value [${String(valueAt())}] is not valid for field type [${field}]. Allowable values are: ${shown}`,
        field,
        "invalid.value",
      );
    }
    case "invalid_type": {
      if (valueAt() === undefined) {
        return new SimError(400, "required.field.missing", `A required field is missing a value: [${field}].`, [
          { errorCode: "required.field.missing", fieldName: field },
        ]);
      }
      return badRequest(
        `Value [${JSON.stringify(valueAt())}] is not valid for field [${field}]: expected ${issue.expected}.`,
        field,
        "invalid.value",
      );
    }
    case "too_big": {
      if (issue.origin === "array") {
        const n = Array.isArray(valueAt()) ? (valueAt() as unknown[]).length : "too many";
        return badRequest(`Field [${field}] has ${n} items; at most ${String(issue.maximum)} are allowed.`, field);
      }
      return badRequest(`Invalid value for field [${field}]: ${issue.message}`, field, "invalid.value");
    }
    default:
      return badRequest(`Invalid value for field [${field}]: ${issue.message}`, field, "invalid.value");
  }
}
