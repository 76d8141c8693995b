import "server-only";
import type { z } from "zod";
import type { AsyncQueryState, ErrorBody } from "./schemas";

/**
 * Every failure of the Genesys path is one of these. Messages are built only from status codes,
 * error codes, paths and the server's own error text: never from a token, secret or request header.
 */
export class GenesysError extends Error {
  override name = "GenesysError";
}

type RequestRef = { method: string; path: string };

/** The platform answered an API call with an error status (after any retries). */
export class GenesysApiError extends GenesysError {
  override name = "GenesysApiError";
  readonly status: number;
  readonly code: string | undefined;
  readonly correlationId: string | undefined;
  readonly body: ErrorBody;
  readonly method: string;
  readonly path: string;

  constructor(init: RequestRef & { status: number; body: ErrorBody; correlationId?: string }) {
    const code = init.body.code;
    const text = init.body.message ?? "no message";
    super(`Genesys Cloud ${init.method} ${init.path} answered ${init.status}${code ? ` ${code}` : ""}: ${text}`);
    this.status = init.status;
    this.code = code;
    this.correlationId = init.correlationId ?? init.body.contextId;
    this.body = init.body;
    this.method = init.method;
    this.path = init.path;
  }
}

/** The token endpoint refused to issue a token (bad client id or secret, disabled client, …). */
export class GenesysAuthError extends GenesysError {
  override name = "GenesysAuthError";
  readonly status: number;
  /** OAuth `error`, e.g. `invalid_client`. */
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;

  constructor(init: { status: number; error?: string; errorDescription?: string }) {
    const detail = [init.error, init.errorDescription].filter(Boolean).join(": ") || "no OAuth error given";
    super(`Genesys Cloud token request refused (${init.status}): ${detail}`);
    this.status = init.status;
    this.error = init.error;
    this.errorDescription = init.errorDescription;
  }
}

/** A 2xx answer whose body is not JSON or does not match the schema we rely on. */
export class GenesysResponseError extends GenesysError {
  override name = "GenesysResponseError";
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** `path.to.field: problem` lines, at most a handful; never the body itself. */
  readonly issues: string[];

  constructor(init: RequestRef & { status: number; issues: string[] }) {
    super(`Genesys Cloud ${init.method} ${init.path} (${init.status}) sent an unexpected body: ${init.issues.join("; ")}`);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.issues = init.issues;
  }

  static fromZod(ref: RequestRef & { status: number }, error: z.ZodError, max = 5): GenesysResponseError {
    const issues = error.issues.slice(0, max).map((issue) => {
      const where = issue.path.length ? issue.path.map(String).join(".") : "(root)";
      return `${where}: ${issue.message}`;
    });
    if (error.issues.length > max) issues.push(`… ${error.issues.length - max} more`);
    return new GenesysResponseError({ ...ref, issues });
  }
}

/** One attempt (or a whole wait, for async jobs) took longer than allowed. */
export class GenesysTimeoutError extends GenesysError {
  override name = "GenesysTimeoutError";
  readonly timeoutMs: number;
  readonly method: string;
  readonly path: string;

  constructor(init: RequestRef & { timeoutMs: number }) {
    super(`Genesys Cloud ${init.method} ${init.path} timed out after ${init.timeoutMs} ms`);
    this.timeoutMs = init.timeoutMs;
    this.method = init.method;
    this.path = init.path;
  }
}

/** No HTTP answer at all: DNS, connection refused, reset, TLS. */
export class GenesysNetworkError extends GenesysError {
  override name = "GenesysNetworkError";
  readonly method: string;
  readonly path: string;

  constructor(init: RequestRef & { cause: unknown }) {
    const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
    super(`Genesys Cloud ${init.method} ${init.path} failed without an answer: ${reason}`, { cause: init.cause });
    this.method = init.method;
    this.path = init.path;
  }
}

/**
 * A user-delegated token was rejected. PKCE public clients get no refresh token, so the only
 * remedy is signing in again; falling back to client credentials would show data the user may not see.
 */
export class GenesysTokenExpiredError extends GenesysError {
  override name = "GenesysTokenExpiredError";
  readonly status = 401;
  readonly code: string | undefined;
  readonly correlationId: string | undefined;
  readonly method: string;
  readonly path: string;

  constructor(init: RequestRef & { body: ErrorBody; correlationId?: string }) {
    super(`Genesys Cloud rejected the signed-in user's token on ${init.method} ${init.path}; sign in again`);
    this.code = init.body.code;
    this.correlationId = init.correlationId ?? init.body.contextId;
    this.method = init.method;
    this.path = init.path;
  }
}

/** An async details job ended in a state that has no results. */
export class GenesysJobError extends GenesysError {
  override name = "GenesysJobError";
  readonly jobId: string;
  readonly state: AsyncQueryState;
  readonly errorMessage: string | undefined;

  constructor(init: { jobId: string; state: AsyncQueryState; errorMessage?: string }) {
    super(`Genesys Cloud analytics job ${init.jobId} ended ${init.state}${init.errorMessage ? `: ${init.errorMessage}` : ""}`);
    this.jobId = init.jobId;
    this.state = init.state;
    this.errorMessage = init.errorMessage;
  }
}
