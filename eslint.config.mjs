// Lint: Next.js's rules (core web vitals, React, react-hooks, jsx-a11y, import) and
// typescript-eslint's recommended rules, as the Next.js docs set them up for a flat config
// (https://nextjs.org/docs/app/api-reference/config/eslint).
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // A leading underscore marks a value that is deliberately unused (a dropped field in a
      // destructuring, a positional argument a callback must accept).
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // CommonJS by necessity: preloaded with `node --require` (NODE_OPTIONS) into benchmark children.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  globalIgnores([
    "dist/**",
    ".next/**",
    "node_modules/**",
    "coverage/**",
    "test-results/**",
    "playwright-report/**",
    ".data/**",
    "next-env.d.ts",
  ]),
]);
