import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { resolveDataFiles } from '@mlops-actions/data';
import { renderProfileSummary } from '@mlops-actions/report';
import { DatasetProfile, describeProgress, profileDataset } from '@mlops-actions/stats';
import { readFile } from 'node:fs/promises';
import { UsageError, type CliIO, type Command, type CommandArgs } from '../command';

const HELP = `Usage: mlops-actions profile <data files or globs…> [--output profile.json] [--summary profile.md] [--merge a.json …] [--columns a,b]

Profiles data files as one dataset in one streaming pass (CSV, TSV, JSON Lines, Parquet, gzip):
per column count, nulls, kinds, min/max, mean/variance, histogram, quantile, distinct and top-k
sketches and a sample — the same profile the profile-data action writes. --merge adds profiles of
other shards (merged exactly for counts and moments, within the sketches' error otherwise).

  --output FILE   where to write the profile (default: print it)
  --summary FILE  also write the Markdown summary the action puts in the job summary
  --merge FILE    a profile to merge in (repeatable; globs allowed)
  --columns LIST  profile only these columns (comma-separated)
`;

export const profileCommand: Command = {
  name: 'profile',
  summary: 'profile <files…>: a mergeable data profile (as the profile-data action)',
  help: HELP,
  options: {
    output: { type: 'string' },
    summary: { type: 'string' },
    merge: { type: 'string', multiple: true },
    columns: { type: 'string' },
    data: { type: 'string', multiple: true },
  },
  async run(args: CommandArgs, io: CliIO): Promise<number> {
    const data = [...args.positionals, ...((args.flags['data'] as string[] | undefined) ?? [])];
    const merge = (args.flags['merge'] as string[] | undefined) ?? [];
    if (data.length === 0 && merge.length === 0)
      throw new UsageError('give data files to profile, or --merge profiles.');
    const columns = String(args.flags['columns'] ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    let profile: DatasetProfile | undefined;
    if (data.length) {
      profile = await profileDataset(data, {
        cwd: io.cwd,
        ...(columns.length ? { columns } : {}),
        onProgress: (progress) => io.stderr(`${describeProgress('profiling', progress)}\n`),
      });
      io.stderr(`profiled ${profile.rows} rows of ${profile.files.length} file(s)\n`);
    }
    for (const path of merge.length ? await resolveDataFiles(merge, io.cwd) : []) {
      const shard = DatasetProfile.fromJSON(JSON.parse(await readFile(resolve(io.cwd, path), 'utf8')));
      profile = profile ? profile.merge(shard) : shard;
    }
    const profileJson = profile!.toJSON();
    const json = `${JSON.stringify(profileJson)}\n`;
    const output = args.flags['output'] as string | undefined;
    if (output) {
      await writeCreatingFolders(resolve(io.cwd, output), json);
      io.stderr(`wrote ${output}\n`);
    } else io.stdout(json);
    const summary = args.flags['summary'] as string | undefined;
    if (summary) {
      await writeCreatingFolders(resolve(io.cwd, summary), renderProfileSummary(profileJson));
      io.stderr(`wrote ${summary}\n`);
    }
    return 0;
  },
};

async function writeCreatingFolders(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
