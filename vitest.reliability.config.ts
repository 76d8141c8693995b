import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.config";

// The reliability suite drives real app instances (`next start`), so it runs after `next build`.
export default defineConfig({
  resolve,
  test: {
    include: ["tests/reliability/**/*.test.ts"],
    environment: "node",
    // Builds dist/cli (scripts/build-cli.mjs) once: tests that run `npm run <command>` start what a user would, never stale output.
    globalSetup: ["scripts/build-cli.mjs"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
