// Preloaded (`node --import`) into the bundled CLI by the data bench: at exit, the main thread prints
// the process's peak RSS (all threads) and the time since this preload ran, as a step's BENCH_RESULT.
// Workers inherit the flag; only the main thread reports.
import { performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const start = performance.now();
  process.on('exit', (code) => {
    if (code !== 0) return;
    const ms = performance.now() - start;
    const maxRssKiB = process.resourceUsage().maxRSS;
    const note = 'bundled CLI; time includes loading the bundle';
    process.stdout.write(`\nBENCH_RESULT ${JSON.stringify({ ms, maxRssKiB, note })}\n`);
  });
}
