import { startGitHubEmulator, type GitHubEmulator } from './github/index';
import { startResultsService, type ResultsService } from './results/index';

export {
  startGitHubEmulator,
  expectNoSchemaViolations,
  validateResponse,
  grants,
  scopeNeeded,
  writesAnything,
} from './github/index';
export type { Permissions } from './github/index';
export type { GitHubEmulator } from './github/index';
export { startResultsService } from './results/index';
export type { ResultsService } from './results/index';

/** The step a token is minted for: its run and job, and the ref it runs on (it scopes the cache). */
export interface StepRun {
  runId: number;
  jobId: string;
  ref?: string;
  baseRef?: string;
}

export interface EmulatorOptions {
  owner?: string;
  repo?: string;
  /** Also start the Actions results service (artifacts, cache) with Azurite behind it. */
  results?: boolean;
}

/**
 * The whole emulated GitHub a step talks to: the REST API (+ uploads host) and, when asked, the
 * Actions results service. `env()` gives the variables that point the real clients at it.
 */
export interface Emulator {
  github: GitHubEmulator;
  results?: ResultsService;
  owner: string;
  repo: string;
  /** The write token `${{ github.token }}` stands for (github-actions[bot]). */
  defaultToken: string;
  env(run: StepRun): Record<string, string>;
  requestLog(): readonly { method: string; path: string; status: number | string }[];
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const owner = options.owner ?? 'octo-org';
  const repo = options.repo ?? 'ml-repo';
  const github = await startGitHubEmulator({ owner, repo });
  let results: ResultsService | undefined;
  try {
    results = options.results ? await startResultsService() : undefined;
  } catch (error) {
    await github.close();
    throw error;
  }
  return {
    github,
    ...(results ? { results } : {}),
    owner,
    repo,
    defaultToken: github.defaultToken,
    env: (run) => ({
      GITHUB_API_URL: github.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_GRAPHQL_URL: `${github.apiUrl}/graphql`,
      ...(results ? results.env(run) : {}),
    }),
    requestLog: () => github.log,
    close: async () => {
      await Promise.allSettled([github.close(), results?.close()]);
    },
  };
}
