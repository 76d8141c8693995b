/** Runs an `npm run <script>` command as package.json defines it (node and its flags, the built dist/cli/*.mjs), without npm in between. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * The program and arguments of `npm run <script>`: `node` is this Node.js (npm would find the same
 * one on PATH), any other program comes from node_modules/.bin, as npm finds it. The commands'
 * dist/cli files are built before the tests (vitest's globalSetup, scripts/build-cli.mjs).
 */
export function scriptCommand(script: string): { bin: string; args: string[] } {
  const line = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts[script];
  if (!line) throw new Error(`package.json has no script "${script}"`);
  const [bin, ...args] = line.split(/\s+/);
  return { bin: bin === "node" ? process.execPath : path.join(root, "node_modules/.bin", bin!), args };
}

/** `npm run <script> -- ...args` with `env` added to this process's environment; never throws for an exit code. */
export function npmScript(script: string): (args: string[], env: Record<string, string | undefined>) => Promise<CliResult> {
  const { bin, args: baseArgs } = scriptCommand(script);
  return async (args, env) => {
    try {
      const { stdout, stderr } = await execFileAsync(bin, [...baseArgs, ...args], {
        cwd: root,
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
    }
  };
}
