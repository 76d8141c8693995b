/**
 * What every command shares (README "Commands": exit 0 done, 1 failed, 2 bad arguments): commander
 * set to answer a bad argument with exit 2 and the usage, never a stack trace, and --help with 0.
 */
import { Command, CommanderError } from "commander";

export function command(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

/** The message, the usage, exit 2. */
export function usageError(program: Command, message: string): never {
  process.stderr.write(`error: ${message}\n\n${program.helpInformation()}`);
  process.exit(2);
}

/**
 * Output piped into a reader that stops early (`npm run report | head`) closes the pipe: that is
 * the reader's choice, not a failure, so the command ends quietly instead of with a stack trace.
 */
function endQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

/** Parses argv: --help and --version exit 0, a bad option or a stray argument exits 2 with the usage. */
export function parseOrExit(program: Command, argv: readonly string[] = process.argv): void {
  endQuietlyOnClosedPipe();
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    throw error;
  }
  if (program.args.length > 0) usageError(program, `unexpected argument "${program.args[0]}"`);
}
