/**
 * What a command loads before it does anything. Against a real org a command never needs the
 * embedded simulator (its HTTP framework and WebSocket server) or Redis's client, and loading
 * them cost ~100 ms of every start (bench/startup.bench.ts). The built commands (dist/cli, built
 * by the globalSetup) import the simulator dynamically, only in simulator mode (cli/config.ts),
 * and these three never touch the store, whose client is Redis's.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dist = path.resolve(import.meta.dirname, "../../dist/cli");

/** Every package a built file loads before its first line runs: its static imports, followed through its chunks. */
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  const code = readFileSync(file, "utf8");
  // esbuild's output: `import {…} from "x";` (the list may span lines), `export {…} from "x";`, `import "x";`.
  for (const [, from, bare] of code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)";|^import\s*"([^"]+)";/gm)) {
    const specifier = (from ?? bare)!;
    if (specifier.startsWith(".")) for (const p of staticPackages(path.resolve(path.dirname(file), specifier), seen)) packages.add(p);
    else packages.add(specifier);
  }
  return packages;
}

describe("command start-up", () => {
  it.each(["report", "export", "sync"])("npm run %s loads neither the simulator nor Redis's client at start", (command) => {
    const packages = staticPackages(path.join(dist, `${command}.mjs`));
    expect(packages).toContain("zod"); // the walk does see the packages the command does load
    for (const unwanted of ["hono", "@hono/node-server", "ws", "ioredis"]) expect(packages).not.toContain(unwanted);
  });

  it("the simulator command, which is the simulator, loads it", () => {
    expect(staticPackages(path.join(dist, "sim.mjs"))).toContain("hono");
  });
});
