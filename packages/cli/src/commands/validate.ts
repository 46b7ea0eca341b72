import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  blockingFailures,
  describeProgress,
  type ExpectationSuite,
  inferSuite,
  isFailOn,
  loadReferenceProfile,
  readSuite,
  serializeValidationResult,
  suiteToYaml,
  validateDataset,
} from '@mlops-actions/stats';
import { describeFailedExpectations, renderValidationSummary } from '@mlops-actions/report';
import { escapeDataText } from '../data-text';
import { UsageError, type CliIO, type Command, type CommandArgs } from '../command';

const HELP = `Usage: mlops-actions validate <data files…> --expectations suite.yml [--report out.json] [--summary out.md]
       mlops-actions validate --infer-from reference.csv|profile.json --write-expectations suite.yml [<data files…>]

Checks data files against an expectation suite with Great Expectations' expectation names and
arguments (mostly included), in one streaming pass, and writes the result in GE's shape — as the
validate-data action does. Or proposes a suite from reference data or a profile.

  --expectations FILE        the suite (YAML or JSON)
  --infer-from FILE          reference data or profile.json to infer a suite from (repeatable)
  --write-expectations FILE  where to write the inferred suite
  --report FILE              where to write the result JSON (default: print it)
  --summary FILE             also write the Markdown table the action puts in the job summary
  --fail-on LEVEL            error | warning | never (default error): which failures exit 1
`;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'validate <files…> --expectations suite.yml: Great Expectations-style checks',
  help: HELP,
  options: {
    expectations: { type: 'string' },
    'infer-from': { type: 'string', multiple: true },
    'write-expectations': { type: 'string' },
    report: { type: 'string' },
    summary: { type: 'string' },
    'fail-on': { type: 'string' },
    data: { type: 'string', multiple: true },
  },
  async run(args: CommandArgs, io: CliIO): Promise<number> {
    const at = (path: string) => resolve(io.cwd, path);
    const data = [...args.positionals, ...((args.flags['data'] as string[] | undefined) ?? [])].map(at);
    const expectations = args.flags['expectations'] as string | undefined;
    const inferFrom = ((args.flags['infer-from'] as string[] | undefined) ?? []).map(at);
    const failOn = (args.flags['fail-on'] as string | undefined) ?? 'error';
    if (!isFailOn(failOn)) throw new UsageError(`--fail-on "${failOn}": use error, warning or never.`);
    if (Boolean(expectations) === inferFrom.length > 0)
      throw new UsageError('give --expectations or --infer-from (one of them).');

    let suite: ExpectationSuite;
    if (expectations) suite = await readSuite(at(expectations));
    else {
      suite = inferSuite(await loadReferenceProfile(inferFrom));
      const target = args.flags['write-expectations'] as string | undefined;
      if (target) {
        await write(at(target), suiteToYaml(suite));
        io.stderr(`wrote ${suite.expectations.length} inferred expectations to ${target}\n`);
      } else if (data.length === 0) io.stdout(suiteToYaml(suite));
    }
    if (data.length === 0) return 0;

    const report = await validateDataset(data, suite, {
      onProgress: (progress) => io.stderr(`${describeProgress('validating', progress)}\n`),
    });
    const json = serializeValidationResult(report);
    const reportPath = args.flags['report'] as string | undefined;
    if (reportPath) await write(at(reportPath), json);
    else io.stdout(json);
    const summaryPath = args.flags['summary'] as string | undefined;
    if (summaryPath) await write(at(summaryPath), renderValidationSummary(report));
    const { evaluated_expectations: total, unsuccessful_expectations: failed } = report.statistics;
    io.stderr(`${total - failed} of ${total} expectations met on ${report.meta.rows} rows\n`);
    for (const line of describeFailedExpectations(report)) io.stderr(`${escapeDataText(line)}\n`);
    const blocking = blockingFailures(report, failOn);
    if (blocking.length > 0)
      io.stderr(
        `${blocking.length} failed expectation${blocking.length === 1 ? '' : 's'} fail the run (--fail-on ${failOn})\n`,
      );
    return blocking.length > 0 ? 1 : 0;
  },
};

async function write(path: string, text: string) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
