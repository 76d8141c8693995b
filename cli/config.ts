/** The commands' configuration: a bad environment is exit 1 with its message, never a stack trace. */
import { ConfigError, getConfig, type AppConfig } from "@/lib/config/env";
import { createReportingConnection, type ReportingConnection } from "@/lib/server/connection";

export function configOrExit(): AppConfig {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The reporting connection for a command. The embedded simulator is imported only in simulator
 * mode, so against a real org a command starts without loading it (its HTTP framework and
 * WebSocket server are ~100 ms of start-up; scripts/build-cli.mjs splits it into its own chunk).
 */
export async function commandConnection(
  config: AppConfig,
  options: Omit<NonNullable<Parameters<typeof createReportingConnection>[1]>, "simulator"> = {},
): Promise<ReportingConnection> {
  const simulator = config.mode === "simulator" ? (await import("@/lib/server/embedded-simulator")).getEmbeddedSimulator() : undefined;
  return createReportingConnection(config, { ...options, ...(simulator ? { simulator } : {}) });
}
