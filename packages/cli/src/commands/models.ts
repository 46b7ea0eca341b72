import { checkModelName, listModelVersions, type ModelVersionSummary } from '@mlops-actions/registry';
import { UsageError, type CliIO, type Command, type CommandArgs } from '../command';
import { gitHubFromEnv } from '../github';
import { textTable } from '../table';

const HELP = `Usage: mlops-actions models list <model-name> [--repo owner/name] [--limit N] [--json]

Lists the published versions of a model (GitHub Releases "<model>@v<N>"), newest first, with the
environments each runs in (its latest successful deployment) and its headline metrics from
lineage.json.

  --repo owner/name  repository (default: GITHUB_REPOSITORY)
  --limit N          versions to show (default 20)
  --json             print JSON instead of a table

Environment: GITHUB_TOKEN or GH_TOKEN (a token that can read the repository), GITHUB_API_URL
for GitHub Enterprise Server.
`;

export const modelsCommand: Command = {
  name: 'models',
  summary: 'models list <name>: versions with their stage and headline metrics',
  help: HELP,
  options: {
    repo: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args: CommandArgs, io: CliIO): Promise<number> {
    const [action, modelName, ...extra] = args.positionals;
    if (action !== 'list')
      throw new UsageError(action ? `unknown action "${action}".` : 'missing action: list.');
    if (!modelName || extra.length > 0) throw new UsageError('give exactly one model name.');
    try {
      checkModelName(modelName);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const limit = args.flags['limit'] === undefined ? 20 : Number(args.flags['limit']);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer.');

    const { octokit, owner, repo } = gitHubFromEnv(io, args.flags['repo'] as string | undefined);
    const versions = await listModelVersions(octokit, { owner, repo }, modelName, { limit });
    if (args.flags['json']) {
      io.stdout(`${JSON.stringify(versions, null, 2)}\n`);
      return 0;
    }
    if (versions.length === 0) {
      io.stdout(`No versions of "${modelName}" in ${owner}/${repo}.\n`);
      return 0;
    }
    io.stdout(`${versionTable(versions)}\n`);
    return 0;
  },
};

/** version, tag, stage, one column per headline metric (in the order they first appear), created. */
function versionTable(versions: ModelVersionSummary[]): string {
  const metricNames = [...new Set(versions.flatMap((v) => v.metrics.map((m) => m.name)))];
  const rows = versions.map((v) => [
    `v${v.version}`,
    v.tag,
    v.stages.join(', ') || '—',
    ...metricNames.map((name) => formatValue(v.metrics.find((m) => m.name === name)?.value)),
    v.createdAt?.slice(0, 10) ?? (v.problem ? `(${v.problem})` : '—'),
  ]);
  return textTable([
    ['VERSION', 'TAG', 'STAGE', ...metricNames.map((n) => n.toUpperCase()), 'CREATED'],
    ...rows,
  ]);
}

function formatValue(value: number | undefined): string {
  return value === undefined ? '—' : String(Number(value.toPrecision(4)));
}
