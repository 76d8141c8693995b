/**
 * The browser tests' alert receiver: keeps every POST it gets (body and headers) and answers them
 * at GET /received. Started by playwright.config.ts on 127.0.0.1 only.
 */
import http from "node:http";

const port = Number(process.argv[2] ?? 3199);
const received = [];
http
  .createServer((req, res) => {
    if (req.method === "GET" && req.url === "/received") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(received));
      return;
    }
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      if (body.length < 1_000_000) body += chunk;
    });
    req.on("end", () => {
      received.push({ path: req.url, headers: req.headers, body });
      res.writeHead(204);
      res.end();
    });
  })
  .listen(port, "127.0.0.1");
