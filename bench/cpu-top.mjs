// Where the time goes in a V8 CPU profile (from `npm run bench -- --cpu-prof`), without opening DevTools:
// self time per function and per source file of the bundle. Usage: node bench/cpu-top.mjs <file.cpuprofile> [top]
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [path, topText = '25'] = process.argv.slice(2);
if (!path) throw new Error('usage: node bench/cpu-top.mjs <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(path, 'utf8'));

// Self time of a node = its samples × the sampling interval; timeDeltas give the real intervals.
const selfMs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
}
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

const byFunction = new Map();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${url.split('/').pop() || '(native)'}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + (selfMs.get(node.id) ?? 0));
}
// ncc marks where each source module starts in the bundle: map bundle lines back to source files.
const moduleStarts = new Map(); // bundle url -> [[firstLine, module]] ascending
const moduleOf = (url, line) => {
  if (!url.startsWith('file://')) return '(node internals / native)';
  if (!moduleStarts.has(url)) {
    const file = fileURLToPath(url);
    const starts = [];
    if (existsSync(file)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const match = /CONCATENATED MODULE: (\S+)/.exec(text);
          if (match) starts.push([i, match[1]]);
        });
    }
    moduleStarts.set(url, starts);
  }
  let found = url.split('/').pop();
  for (const [start, module] of moduleStarts.get(url)) if (start <= line) found = module;
  return found;
};
const byModule = new Map();
for (const node of profile.nodes) {
  const { url, lineNumber } = node.callFrame;
  const key = moduleOf(url, lineNumber);
  byModule.set(key, (byModule.get(key) ?? 0) + (selfMs.get(node.id) ?? 0));
}

const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(topText));
console.log(`total ${(total / 1000).toFixed(2)} s sampled\n\n self ms   share  function  file:line`);
for (const [key, ms] of top) {
  console.log(`${ms.toFixed(0).padStart(8)}  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}
console.log('\n self ms   share  source module');
for (const [key, ms] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, Number(topText))) {
  console.log(`${ms.toFixed(0).padStart(8)}  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}
