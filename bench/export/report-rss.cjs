// Preloaded into every process of a benchmark child (NODE_OPTIONS=--require): at exit, appends
// the process's own peak resident set size (bytes) to BENCH_RSS_FILE. A command started through
// the tsx CLI is two processes (a small launcher and the program); the benchmark takes the larger.
// VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork and exec, so a child of a large
// parent (the benchmark holds the simulator) would report the parent's size (proc(5), getrusage(2)).
const fs = require("node:fs");

function peakRssBytes() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS * 1024;
}

process.on("exit", () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) fs.appendFileSync(file, `${peakRssBytes()}\n`);
});
