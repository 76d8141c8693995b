/** A local webhook receiver for alert tests: records every request, answers as scripted. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string; at: number };
export type Answer = { status: number; headers?: Record<string, string>; delayMs?: number };

export async function startWebhookReceiver(script: (n: number, req: Received) => Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const entry = { path: req.url ?? "/", headers: req.headers, body, at: Date.now() };
      received.push(entry);
      const answer = script(received.length, entry);
      setTimeout(() => {
        res.writeHead(answer.status, answer.headers);
        res.end();
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
