/** Runs an `npm run <script>` command as package.json defines it (tsx and its flags), without npm in between. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, "../..");

export type CliResult = { code: number; stdout: string; stderr: string };

/** `npm run <script> -- ...args` with `env` added to this process's environment; never throws for an exit code. */
export function npmScript(script: string): (args: string[], env: Record<string, string | undefined>) => Promise<CliResult> {
  const line = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts[script];
  if (!line) throw new Error(`package.json has no script "${script}"`);
  const [bin, ...baseArgs] = line.split(/\s+/);
  return async (args, env) => {
    try {
      const { stdout, stderr } = await execFileAsync(path.join(root, "node_modules/.bin", bin!), [...baseArgs, ...args], {
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
