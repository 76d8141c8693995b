// Preloaded into each benchmark child (node --require): at exit, writes the process's own peak
// resident set size (bytes) to BENCH_RSS_FILE, so the parent can compare memory of separate processes.
const fs = require("node:fs");
process.on("exit", () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
