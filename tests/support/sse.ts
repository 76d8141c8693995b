/** A Server-Sent Events viewer over node:http (one socket each, like a browser tab): each event's block of lines, as it arrives. */
import http from "node:http";

export type SseViewer = { close(): void };

/** Calls `onEvent` with each event's name and data; resolves once the stream answered 200. */
export function openSse(url: string, onEvent: (event: string, data: string) => void): Promise<SseViewer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
        let end: number;
        while ((end = text.indexOf("\n\n")) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) onEvent(event, data);
        }
      });
      resolve({ close: () => request.destroy() });
    });
    request.on("error", reject);
  });
}
