// actions/upload-artifact, as the workflow runner plays it: the real @actions/artifact client
// uploads the files to the emulated results service (and Azurite behind it).
// Usage: node upload-artifact.mjs <name> <root-dir> <file>…  (prints {"id":…,"size":…})
import { DefaultArtifactClient } from '@actions/artifact';

const [name, rootDirectory, ...files] = process.argv.slice(2);
const client = new DefaultArtifactClient();
const { id, size } = await client.uploadArtifact(name, files, rootDirectory);
console.log(JSON.stringify({ id, size }));
