/**
 * The simulator on a real port (@hono/node-server), for `npm run sim`, the official SDK and
 * anything that needs a URL rather than an in-process fetch. The same server and port serve the
 * Notifications API's WebSockets (`ws://<host>:<port><basePath>/channels/<id>`).
 */
import type { Server } from "node:http";
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
  // Notification channels' WebSockets upgrade on this very server and port (notification-sockets.ts).
  sim.notifications.attach(server as Server, `ws://${shownHost}:${address.port}${sim.options.basePath}`);
  return {
    url,
    sim,
    close: async () => {
      await sim.close(); // the sockets first (socket_closing), or server.close would wait for them
      await new Promise<void>((resolve, reject) => {
        // Keep-alive sockets would hold close() open; end them.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
