/**
 * `npm run bench`: every benchmark, printed as figures beside a baseline measured in the same
 * process (these machines are shared and noisy, so ratios mean more than absolute times).
 */
import { benchDashboard } from "./dashboard.bench";
import { benchExport } from "./export.bench";
import { benchLive } from "./live.bench";
import { benchRedis } from "./redis.bench";
import { benchReport } from "./report.bench";
import { benchSimDetails } from "./sim-details.bench";
import { benchStartup } from "./startup.bench";

const benches: [string, () => Promise<void>][] = [
  ["report", benchReport],
  ["startup", benchStartup],
  ["sim-details", benchSimDetails],
  ["dashboard", benchDashboard],
  ["export", benchExport],
  ["redis", benchRedis],
  ["live", benchLive],
];

const only = process.argv.slice(2);
for (const [name, run] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  await run();
}
