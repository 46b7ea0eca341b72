import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeployTarget } from '@mlops-actions/registry';

/**
 * Runs the user's deploy script with bash, as a `run:` step would (`-eo pipefail`), with the
 * verified model and its identity in the environment. Output goes straight to the job log.
 */
export function commandTarget(script: string, environment: string, tempDir: string): DeployTarget {
  return {
    async deploy(version) {
      const dir = await mkdtemp(join(tempDir, 'deploy-command-'));
      const file = join(dir, 'deploy.sh');
      await writeFile(file, script);
      const env = {
        ...process.env,
        MODEL_PATH: version.path,
        MODEL_VERSION: String(version.version),
        MODEL_TAG: version.tag,
        MODEL_SHA256: version.sha256,
        MODEL_NAME: version.modelName,
        DEPLOY_ENVIRONMENT: environment,
      };
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
          env,
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        child.on('error', reject);
        child.on('close', resolve);
      });
      if (code !== 0) throw new Error(`the deploy command exited with code ${code ?? 'null (killed)'}`);
      return {};
    },
  };
}
