/**
 * `npm run doctor [-- --json]`: checks this deployment's configuration against the org it points
 * at, one line per check (✓ / ! / ✗) with the exact fix for every ✗. Exit codes: 0 no ✗,
 * 1 at least one ✗, 2 bad arguments. Never prints a secret or a token.
 */
import { runDoctor } from "@/lib/doctor/checks";
import { command, parseOrExit } from "./command";
import { formatJson, formatText } from "@/lib/doctor/report";

const program = command(
  "doctor",
  "Check this deployment (the same environment the app reads) against its Genesys Cloud org, or the built-in simulator.",
).option("--json", "print the result as one JSON document (each check: id, title, status, found, fix)");

async function main(): Promise<void> {
  parseOrExit(program);
  const { json } = program.opts<{ json?: boolean }>();
  if (!json) process.stdout.write("Checking this deployment, in order; each check needs the ones before it.\n\n");
  const report = await runDoctor();
  process.stdout.write(json ? formatJson(report) : formatText(report));
  process.exit(report.ready ? 0 : 1);
}

main().catch((error: unknown) => {
  // Every check reports its own failure; reaching here is a bug, said in one line, no stack.
  process.stderr.write(`doctor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
