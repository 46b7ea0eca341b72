import { runUserCommand } from '@mlops-actions/model';
import type { DeployTarget } from '@mlops-actions/registry';

/**
 * Runs the user's deploy script as a user command — bash `-eo pipefail` as a `run:` step, in the
 * same scrubbed environment as train's command (no action inputs or runner credentials,
 * throw-away file commands) — with the verified model and its identity added. Output goes straight
 * to the job log.
 */
export function commandTarget(script: string, environment: string, tempDir: string): DeployTarget {
  return {
    async deploy(version) {
      const { exitCode } = await runUserCommand(script, {
        scratchDir: tempDir,
        env: {
          MODEL_PATH: version.path,
          MODEL_VERSION: String(version.version),
          MODEL_TAG: version.tag,
          MODEL_SHA256: version.sha256,
          MODEL_NAME: version.modelName,
          DEPLOY_ENVIRONMENT: environment,
        },
      });
      if (exitCode !== 0) throw new Error(`the deploy command exited with code ${exitCode}`);
      return {};
    },
  };
}
