// Preloaded into every process of a benchmark child (NODE_OPTIONS=--require): at exit, appends
// the process's own peak resident set size (bytes) to BENCH_RSS_FILE. A command started through
// the tsx CLI is two processes (a small launcher and the program); the benchmark takes the larger.
const fs = require("node:fs");
process.on("exit", () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) fs.appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`);
});
