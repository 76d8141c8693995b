/**
 * The process's one instance of a thing, however many times the module that asks is loaded.
 * Next.js bundles route handlers, server components and instrumentation separately and may load
 * one module more than once in a process, so a module-level `let` is not enough: the embedded
 * simulator's OAuth codes, the token cache, the store's connection and the scheduler's timer must
 * each exist once. Keyed on globalThis with `Symbol.for`, which every copy of a module resolves to
 * the same symbol.
 */
type Registry = Map<string, unknown>;
const registryKey = Symbol.for("genesys-dashboard.process-singletons");

function registry(): Registry {
  const g = globalThis as typeof globalThis & { [registryKey]?: Registry };
  return (g[registryKey] ??= new Map());
}

/** The value under `key`, created on first use. `create` runs at most once per process for a key. */
export function processSingleton<T>(key: string, create: () => T): T {
  const all = registry();
  if (!all.has(key)) all.set(key, create());
  return all.get(key) as T;
}

/** Whether `key` has been created (the scheduler starts once). */
export function hasProcessSingleton(key: string): boolean {
  return registry().has(key);
}

/** Forgets every singleton: for tests that start the app's process state afresh. */
export function resetProcessSingletons(): void {
  registry().clear();
}
