/**
 * Runs once when a server instance starts: the configuration is validated here, so that a
 * misconfigured deployment fails at boot with the variable's name rather than at the first
 * request; and, off Vercel, the local scheduler and the live wallboard's subscriber start.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig } = await import("./lib/config/env");
  const config = getConfig();
  console.info(
    `[genesys-dashboard] mode=${config.mode} access=${config.dashboardAccess} timeZone=${config.reportTimeZone}` +
      (config.mode === "simulator" ? " (no GENESYS_CLIENT_ID set: serving the built-in simulator)" : ""),
  );
  // A bad ALERT_RULES file stops the app here, with the rule and the field named.
  const { alertRules, startAlerts } = await import("./lib/alerts/deployment");
  const rules = alertRules();
  if (rules.length) console.info(`[genesys-dashboard] ${rules.length} alert rules from ${config.alerts.rulesFile}`);
  // On Vercel, Vercel Cron calls /api/cron/refresh (vercel.json); a timer there would not survive.
  if (!process.env.VERCEL && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startLocalScheduler } = await import("./lib/reports/scheduler");
    startLocalScheduler();
    // The wallboard's Notifications API subscriber needs a process that outlives its requests.
    const { startLiveSubscriber } = await import("./lib/live/deployment");
    startLiveSubscriber();
    startAlerts();
  }
}
