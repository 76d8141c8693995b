import { defineConfig } from "vitest/config";
import { resolve } from "./vitest.config";

// The reliability suite drives real app instances (`next start`), so it runs after `next build`.
export default defineConfig({
  resolve,
  test: {
    include: ["tests/reliability/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
