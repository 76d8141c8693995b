import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export const resolve = {
  alias: {
    "@": fileURLToPath(new URL("./", import.meta.url)),
    // `server-only` throws outside a React Server bundle; tests run server code directly.
    "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
  },
};

export default defineConfig({
  resolve,
  test: {
    include: ["tests/**/*.test.ts"],
    // Needs the production build: vitest.reliability.config.ts runs it after `next build`.
    exclude: ["tests/reliability/**", "node_modules/**"],
    environment: "node",
    // Builds dist/cli (scripts/build-cli.mjs) once: tests that run `npm run <command>` start what a user would, never stale output.
    globalSetup: ["scripts/build-cli.mjs"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses;
    // inlined, Vite resolves it as Next.js's bundler does.
    server: { deps: { inline: ["next-auth"] } },
  },
});
