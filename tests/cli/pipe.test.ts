import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

describe("a command whose output pipe closes early (npm run report | head)", () => {
  it("ends quietly: exit 0 and no stack trace", async () => {
    const child = spawn(process.execPath, ["--conditions=react-server", "dist/cli/report.mjs", "--view", "last-7d", "--format", "json"], {
      cwd: root,
      env: { ...process.env, GENESYS_CLIENT_ID: "", GENESYS_CLIENT_SECRET: "", REDIS_URL: "" },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // The reader takes the first bytes and goes away, as `head -c` does.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*:\d+:\d+/);
    expect(code).toBe(0);
  });
});
