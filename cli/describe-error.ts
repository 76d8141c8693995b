/** One line a person can act on, for any failure; never a stack trace, never a secret. */
import { GenesysApiError, GenesysAuthError, GenesysError } from "@/lib/genesys";

export function describeError(error: unknown): string {
  if (error instanceof GenesysApiError) {
    const id = error.correlationId ? ` (correlation id ${error.correlationId})` : "";
    return `Genesys Cloud answered ${error.status} ${error.code ?? ""}: ${error.message}${id}`.replace(/\s+:/, ":");
  }
  if (error instanceof GenesysAuthError) {
    return `the OAuth client was refused: ${error.message}. Check GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET and the region.`;
  }
  if (error instanceof GenesysError) return error.message;
  if (error instanceof Error && "code" in error && typeof error.code === "string") {
    return `${error.code}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
