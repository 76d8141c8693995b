/**
 * A faithful, deterministic Genesys Cloud simulator: the login service (client credentials,
 * authorization code + PKCE), routing queues, conversation aggregates, conversation details,
 * async details jobs, real-time queue observations (the query, and Notifications API channels with
 * their WebSockets) and the org limits, with per-client permissions, rate limits and injectable
 * faults. In-process via `sim.fetch`, mounted in a Next.js route handler, or standalone via
 * `startSimulatorServer` / `npm run sim`.
 * See lib/sim/README.md.
 */
export { createSimulator, type Simulator } from "./simulator";
export { startSimulatorServer } from "./server";
export {
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_DIVISION_CLIENT_ID,
  SIM_DIVISION_CLIENT_SECRET,
  SIM_LIMITED_CLIENT_ID,
  SIM_LIMITED_CLIENT_SECRET,
  SIM_INACTIVE_CLIENT_ID,
  SIM_INACTIVE_CLIENT_SECRET,
  SIM_PKCE_CLIENT_ID,
  SIM_CODE_CLIENT_ID,
  SIM_CODE_CLIENT_SECRET,
} from "./oauth";
export { SIM_PERMISSIONS, PERMISSION as SIM_PERMISSION } from "./permissions";
export { simulatorOptionsFromEnv, runningClockFrom, DEFAULT_OPTIONS, type SimulatorOptions } from "./options";
