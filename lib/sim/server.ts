/**
 * The simulator on a real port (@hono/node-server), for `npm run sim`, the official SDK and
 * anything that needs a URL rather than an in-process fetch.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createSimulator, type Simulator } from "./simulator";
import type { SimulatorOptions } from "./options";

export async function startSimulatorServer(
  opts: Partial<SimulatorOptions> & { port?: number; host?: string } = {},
): Promise<{ url: string; sim: Simulator; close(): Promise<void> }> {
  const { port = 0, host = "127.0.0.1", ...simOptions } = opts;
  const sim = createSimulator(simOptions);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: (req) => sim.fetch(req), port, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${address.port}${sim.options.basePath}`;
  return {
    url,
    sim,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets would hold close() open; end them.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
