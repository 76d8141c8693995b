import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

describe("a command whose output pipe closes early (npm run report | head)", () => {
  it("ends quietly: exit 0 and no stack trace", async () => {
    // A real shell pipe into a reader that stops after 60 bytes; pipefail reports the command's own exit code.
    const child = spawn(
      "bash",
      [
        "-o",
        "pipefail",
        "-c",
        `"${process.execPath}" --conditions=react-server dist/cli/report.mjs --view last-7d --format json | head -c 60 > /dev/null`,
      ],
      { cwd: root, env: { ...process.env, GENESYS_CLIENT_ID: "", GENESYS_CLIENT_SECRET: "", REDIS_URL: "" } },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*:\d+:\d+/);
    expect(code).toBe(0);
  });
});
