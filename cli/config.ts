/** The commands' configuration: a bad environment is exit 1 with its message, never a stack trace. */
import { ConfigError, getConfig, type AppConfig } from "@/lib/config/env";

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
