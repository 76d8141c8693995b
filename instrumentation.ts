/**
 * Runs once when a server instance starts: the configuration is validated here so that a
 * misconfigured deployment fails at boot with the variable's name, not at the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig } = await import("./lib/config/env");
  const config = getConfig();
  console.info(
    `[genesys-dashboard] mode=${config.mode} access=${config.dashboardAccess} timeZone=${config.reportTimeZone}` +
      (config.mode === "simulator" ? " (no GENESYS_CLIENT_ID set: serving the built-in simulator)" : ""),
  );
}
