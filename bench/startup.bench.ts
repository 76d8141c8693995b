/**
 * How long a command takes to start, as a user runs it: the process wall time of
 * `npm run <command> -- --help` (every module loaded, the arguments parsed, nothing sent), each
 * command as package.json defines it and without npm in between, beside `node -e 0` (Node.js
 * alone) measured in the same loop; then `npm run report -- --help` through npm itself.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { scriptCommand } from "../tests/support/cli";
import { median, ms } from "./stats";

const RUNS = 9;
const COMMANDS = ["report", "export", "sync", "alerts", "doctor"] as const;
const root = path.resolve(import.meta.dirname, "..");

/** Wall time of one run of `bin args`, from spawn to exit. */
function wallMs(bin: string, args: string[]): number {
  const started = performance.now();
  const run = spawnSync(bin, args, { cwd: root, stdio: "ignore" });
  if (run.status !== 0) throw new Error(`${bin} ${args.join(" ")} exited ${run.status}`);
  return performance.now() - started;
}

export async function benchStartup(): Promise<void> {
  const node: number[] = [];
  const times = new Map<string, number[]>(COMMANDS.map((c) => [c, []]));
  // Interleaved, so a noisy moment costs every command alike.
  for (let i = 0; i < RUNS; i++) {
    node.push(wallMs(process.execPath, ["-e", "0"]));
    for (const command of COMMANDS) {
      const { bin, args } = scriptCommand(command);
      times.get(command)!.push(wallMs(bin, [...args, "--help"]));
    }
  }
  const npm = Array.from({ length: 3 }, () => wallMs("npm", ["run", "--silent", "report", "--", "--help"]));
  console.log(`\n## Command start-up: process wall time of \`--help\` (median of ${RUNS}), beside Node.js alone`);
  console.log(`  node -e 0 (baseline)     ${ms(median(node)).padStart(9)}`);
  for (const command of COMMANDS) {
    const t = median(times.get(command)!);
    console.log(`  ${command.padEnd(24)} ${ms(t).padStart(9)}   ${(t / median(node)).toFixed(2)}x Node.js alone`);
  }
  console.log(`  npm run report (via npm) ${ms(median(npm)).padStart(9)}   (npm itself adds the difference)`);
}
