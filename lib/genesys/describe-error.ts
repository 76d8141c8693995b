import "server-only";
/** One line a person can act on, for any failure; never a stack trace, never a secret. */
import { GenesysApiError, GenesysAuthError, GenesysError } from "./errors";

export function describeError(error: unknown): string {
  if (error instanceof GenesysApiError) {
    return error.correlationId ? `${error.message} (correlation id ${error.correlationId})` : error.message;
  }
  if (error instanceof GenesysAuthError) {
    return `${error.message}. Check GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and the region.`;
  }
  if (error instanceof GenesysError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
