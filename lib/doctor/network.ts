/**
 * Reaching a host before speaking HTTP to it: a DNS answer, then a TCP connection and (https) a
 * TLS handshake, each timed. A wrong region fails at DNS, a proxy or firewall at the connection,
 * an intercepting proxy at the certificate: all apart from bad credentials.
 */
import { lookup } from "node:dns/promises";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";

export type Reachability =
  | { ok: true; host: string; address: string; dnsMs: number; connectMs: number; tls: boolean }
  | { ok: false; host: string; stage: "dns" | "connect" | "tls"; reason: string };

const TIMEOUT_MS = 5_000;

function elapsed(since: number): number {
  return performance.now() - since;
}

export async function probe(baseUrl: string, timeoutMs = TIMEOUT_MS): Promise<Reachability> {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const tls = url.protocol === "https:";
  const port = Number(url.port || (tls ? 443 : 80));

  const dnsStarted = performance.now();
  let address: string;
  try {
    address = (await withTimeout(lookup(host), timeoutMs, "no DNS answer")).address;
  } catch (error) {
    return { ok: false, host, stage: "dns", reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
  const dnsMs = elapsed(dnsStarted);

  const connectStarted = performance.now();
  const outcome = await new Promise<{ ok: true } | { ok: false; stage: "connect" | "tls"; reason: string }>((resolve) => {
    let socket: Socket;
    const done = (result: { ok: true } | { ok: false; stage: "connect" | "tls"; reason: string }) => {
      socket.destroy();
      resolve(result);
    };
    if (tls) {
      socket = connectTls({ host: address, port, servername: host, timeout: timeoutMs }, () => done({ ok: true }));
      // A refused connection fails before the handshake; anything after it is the certificate or TLS.
      let connected = false;
      socket.once("connect", () => (connected = true));
      socket.once("error", (error: NodeJS.ErrnoException) =>
        done({ ok: false, stage: connected ? "tls" : "connect", reason: error.code ?? error.message }),
      );
    } else {
      socket = connectTcp({ host: address, port, timeout: timeoutMs }, () => done({ ok: true }));
      socket.once("error", (error: NodeJS.ErrnoException) => done({ ok: false, stage: "connect", reason: error.code ?? error.message }));
    }
    socket.once("timeout", () => done({ ok: false, stage: "connect", reason: `no answer in ${timeoutMs / 1000} s` }));
  });
  if (!outcome.ok) return { ok: false, host, stage: outcome.stage, reason: outcome.reason };
  return { ok: true, host, address, dnsMs, connectMs: elapsed(connectStarted), tls };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
