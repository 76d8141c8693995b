import "server-only";
/**
 * Where traces are kept: the snapshot store's small cache (DATA_DIR files or Redis), so a trace
 * recorded by the cron's process or the sign-in callback's is visible to every instance that
 * serves `/grants`. Only redacted traces ever reach these functions' storage.
 */
import { getSnapshotStore } from "@/lib/server/store";
import { clientCredentialsTraceSchema, pkceTraceSchema, traceStepSchema, type ClientCredentialsTrace, type PkceTrace } from "./trace";

const CLIENT_CREDENTIALS_KEY = "trace.client-credentials";
const CLIENT_CREDENTIALS_TOKEN_KEY = "trace.client-credentials-token";
/** The latest scheduled refresh's trace is replaced by the next; a week covers a daily cron. */
const CLIENT_CREDENTIALS_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A visitor's own sign-in trace: as long as the longest Genesys token (48 h). */
export const PKCE_TRACE_TTL_MS = 48 * 60 * 60 * 1000;
const pkceKey = (id: string) => `trace.pkce.${id}`;
/** Trace ids are random UUIDs; anything else from a cookie is not looked up. */
const TRACE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isTraceId(value: string | undefined): value is string {
  return value !== undefined && TRACE_ID.test(value);
}

export async function saveClientCredentialsTrace(trace: ClientCredentialsTrace): Promise<void> {
  const store = getSnapshotStore();
  await store.writeCache(CLIENT_CREDENTIALS_KEY, trace, CLIENT_CREDENTIALS_TTL_MS);
  if (trace.lastTokenStep) await store.writeCache(CLIENT_CREDENTIALS_TOKEN_KEY, trace.lastTokenStep, CLIENT_CREDENTIALS_TTL_MS);
}

/** The latest client-credentials trace, with the last token request even when that refresh reused its token. */
export async function readClientCredentialsTrace(): Promise<ClientCredentialsTrace | null> {
  const store = getSnapshotStore();
  const [trace, tokenStep] = await Promise.all([
    store.readCache(CLIENT_CREDENTIALS_KEY, clientCredentialsTraceSchema),
    store.readCache(CLIENT_CREDENTIALS_TOKEN_KEY, traceStepSchema),
  ]);
  if (!trace) return null;
  return tokenStep && !trace.lastTokenStep ? { ...trace, lastTokenStep: tokenStep } : trace;
}

export async function savePkceTrace(trace: PkceTrace): Promise<void> {
  await getSnapshotStore().writeCache(pkceKey(trace.id), trace, PKCE_TRACE_TTL_MS);
}

export async function readPkceTrace(id: string | undefined): Promise<PkceTrace | null> {
  if (!isTraceId(id)) return null;
  return getSnapshotStore().readCache(pkceKey(id), pkceTraceSchema);
}
