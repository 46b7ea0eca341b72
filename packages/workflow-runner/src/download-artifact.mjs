// actions/download-artifact, as the workflow runner plays it: the real @actions/artifact client
// lists the run's artifacts on the emulated results service and downloads them from Azurite.
// Usage: node download-artifact.mjs <path> <merge-multiple> <name-regexp>
//   Each matching artifact goes to <path>/<name>/, or straight into <path> when merging or when the
//   step named one artifact (merge-multiple "true"). Prints {"names":[…]}.
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';

const [path, mergeMultiple, namePattern] = process.argv.slice(2);
const matches = new RegExp(namePattern);
const client = new DefaultArtifactClient();
const { artifacts } = await client.listArtifacts({ latest: true });
const chosen = artifacts.filter((artifact) => matches.test(artifact.name));
for (const artifact of chosen) {
  const target = mergeMultiple === 'true' ? path : join(path, artifact.name);
  await client.downloadArtifact(artifact.id, { path: target });
}
console.log(JSON.stringify({ names: chosen.map((artifact) => artifact.name) }));
