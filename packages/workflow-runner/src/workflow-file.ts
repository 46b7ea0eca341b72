import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Permissions } from '@mlops-actions/emulator';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { workflowSchemaProblems } from './github-parser';

/**
 * A workflow file, checked by GitHub's own parser against its workflow schema (`github-parser.ts`),
 * then read into the subset the runner executes. Every key is checked against what
 * the runner supports: a key it would not honour (strategy, services, container, reusable
 * workflows, defaults, …) is an error naming the file and line, never silently skipped.
 */

export interface WorkflowFile {
  path: string;
  /** `model-pr.yml` → how the Actions API names it */
  file: string;
  name: string;
  on: Record<string, EventFilter>;
  permissions: Permissions | undefined;
  env: Record<string, string>;
  concurrency: Concurrency | undefined;
  jobs: Record<string, Job>;
}

export interface EventFilter {
  branches?: string[];
  tags?: string[];
  paths?: string[];
  /** workflow_dispatch inputs */
  inputs?: Record<string, { description?: string; required?: boolean; default?: string; type?: string }>;
  cron?: string[];
}

export type { Permissions };

export interface Concurrency {
  group: string;
  cancelInProgress: boolean | string;
}

export interface Job {
  id: string;
  name: string | undefined;
  needs: string[];
  if: string | boolean | undefined;
  permissions: Permissions | undefined;
  environment: { name: string; url?: string } | undefined;
  env: Record<string, string>;
  outputs: Record<string, string>;
  timeoutMinutes: number;
  continueOnError: boolean;
  strategy: Strategy | undefined;
  steps: Step[];
}

/** `strategy:` as written; expressions in it are evaluated when the job starts (they may read `needs`). */
export interface Strategy {
  matrix: Value;
  failFast: boolean | string;
  maxParallel: number | string | undefined;
}

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface Step {
  index: number;
  id: string | undefined;
  name: string | undefined;
  uses: string | undefined;
  run: string | undefined;
  with: Record<string, string>;
  env: Record<string, string>;
  if: string | boolean | undefined;
  shell: string | undefined;
  workingDirectory: string | undefined;
  continueOnError: boolean;
  timeoutMinutes: number | undefined;
  /** `file:line` of the step, for messages */
  at: string;
}

export class WorkflowFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowFileError';
  }
}

const WORKFLOW_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'concurrency', 'jobs'];
const JOB_KEYS = [
  'name',
  'runs-on',
  'needs',
  'if',
  'permissions',
  'environment',
  'env',
  'outputs',
  'timeout-minutes',
  'continue-on-error',
  'concurrency',
  'strategy',
  'steps',
];
const STEP_KEYS = [
  'id',
  'name',
  'uses',
  'run',
  'with',
  'env',
  'if',
  'shell',
  'working-directory',
  'continue-on-error',
  'timeout-minutes',
];
const EVENTS = ['push', 'pull_request', 'workflow_dispatch', 'schedule'];
const EVENT_KEYS: Record<string, string[]> = {
  push: ['branches', 'tags', 'paths'],
  pull_request: ['branches', 'paths', 'types'],
  workflow_dispatch: ['inputs'],
};

export function readWorkflowFile(path: string): WorkflowFile {
  const source = readFileSync(path, 'utf8');
  // GitHub's parser first: a file it refuses never runs here, whatever our own reading would make of it.
  const refused = workflowSchemaProblems(basename(path), source);
  if (refused.length > 0) {
    throw new WorkflowFileError(
      refused
        .map(
          ({ message, line, column }) => `${path}:${line ?? 1}:${column ?? 1}: ${withoutPosition(message)}`,
        )
        .join('\n'),
    );
  }
  const document = parseDocument(source);
  if (document.errors.length > 0) throw new WorkflowFileError(`${path}: ${document.errors[0]!.message}`);
  const lineOf = (node: YamlNode | null | undefined): number => {
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : source.slice(0, offset).split('\n').length;
  };
  const fail = (node: YamlNode | null | undefined, message: string): never => {
    throw new WorkflowFileError(`${path}:${lineOf(node)}: ${message}`);
  };
  const keysOf = (node: unknown, allowed: string[], what: string): Map<string, YamlNode> => {
    if (!isMap(node)) return fail(node as YamlNode, `${what} must be a mapping`);
    const out = new Map<string, YamlNode>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) {
        fail(
          pair.key as YamlNode,
          `${what}: "${key}" is not supported by the workflow runner (supported: ${allowed.join(', ')})`,
        );
      }
      out.set(key, pair.value as YamlNode);
    }
    return out;
  };
  const plain = (node: YamlNode | undefined): unknown => (node === undefined ? undefined : node.toJSON());
  const stringMap = (node: YamlNode | undefined, what: string): Record<string, string> => {
    if (node === undefined || node === null) return {};
    if (!isMap(node)) return fail(node, `${what} must be a mapping`);
    const out: Record<string, string> = {};
    for (const pair of node.items) {
      const value = plain(pair.value as YamlNode);
      if (value !== null && typeof value === 'object')
        fail(pair.value as YamlNode, `${what}: values must be scalars`);
      out[String(plain(pair.key as YamlNode))] = value === null || value === undefined ? '' : String(value);
    }
    return out;
  };
  const stringList = (node: YamlNode | undefined, what: string): string[] | undefined => {
    if (node === undefined) return undefined;
    const value = plain(node);
    if (typeof value === 'string') return [value];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      return fail(node, `${what} must be a list of strings`);
    return value as string[];
  };
  const permissions = (node: YamlNode | undefined): Permissions | undefined => {
    if (node === undefined) return undefined;
    const value = plain(node);
    if (value === 'read-all' || value === 'write-all') return value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail(node, 'permissions must be read-all, write-all or a mapping of scopes');
    }
    for (const [scope, level] of Object.entries(value)) {
      if (!['read', 'write', 'none'].includes(String(level)))
        fail(node, `permissions: ${scope}: "${String(level)}"`);
    }
    return value as Record<string, 'read' | 'write' | 'none'>;
  };

  const root = keysOf(document.contents, WORKFLOW_KEYS, 'workflow');
  const on: Record<string, EventFilter> = {};
  const onNode = root.get('on');
  if (onNode === undefined) fail(document.contents as YamlNode, 'the workflow has no "on:"');
  const onValue = plain(onNode);
  if (typeof onValue === 'string' || Array.isArray(onValue)) {
    for (const event of [onValue].flat()) on[String(event)] = {};
  } else {
    for (const [event, node] of keysOf(onNode, EVENTS, 'on')) {
      if (event === 'schedule') {
        const entries = plain(node);
        if (!Array.isArray(entries)) fail(node, 'schedule must be a list of {cron}');
        on[event] = { cron: (entries as { cron: string }[]).map((e) => String(e.cron)) };
        continue;
      }
      if (node === null || plain(node) === null) {
        on[event] = {};
        continue;
      }
      const filter = keysOf(node, EVENT_KEYS[event] ?? [], `on.${event}`);
      on[event] = {
        ...(filter.has('branches') ? { branches: stringList(filter.get('branches'), 'branches') } : {}),
        ...(filter.has('tags') ? { tags: stringList(filter.get('tags'), 'tags') } : {}),
        ...(filter.has('paths') ? { paths: stringList(filter.get('paths'), 'paths') } : {}),
        ...(filter.has('inputs') ? { inputs: plain(filter.get('inputs')) as EventFilter['inputs'] } : {}),
      };
    }
  }

  const concurrencyNode = root.get('concurrency');
  let concurrency: Concurrency | undefined;
  if (concurrencyNode !== undefined) {
    const value = plain(concurrencyNode);
    if (typeof value === 'string') concurrency = { group: value, cancelInProgress: false };
    else {
      const keys = keysOf(concurrencyNode, ['group', 'cancel-in-progress'], 'concurrency');
      concurrency = {
        group: String(plain(keys.get('group')) ?? ''),
        cancelInProgress: (plain(keys.get('cancel-in-progress')) as boolean | string | undefined) ?? false,
      };
    }
  }

  const jobs: Record<string, Job> = {};
  const jobsNode = root.get('jobs');
  if (!isMap(jobsNode)) fail(jobsNode ?? (document.contents as YamlNode), 'jobs must be a mapping');
  for (const pair of (jobsNode as { items: { key: unknown; value: unknown }[] }).items) {
    const id = String(plain(pair.key as YamlNode));
    const keys = keysOf(pair.value, JOB_KEYS, `job "${id}"`);
    if (!keys.has('runs-on')) fail(pair.value as YamlNode, `job "${id}" has no runs-on`);
    const environmentNode = keys.get('environment');
    const environmentValue = plain(environmentNode);
    let environment: Job['environment'];
    if (typeof environmentValue === 'string') environment = { name: environmentValue };
    else if (environmentValue !== undefined) {
      const env = keysOf(environmentNode, ['name', 'url'], `job "${id}" environment`);
      environment = {
        name: String(plain(env.get('name'))),
        ...(env.has('url') ? { url: String(plain(env.get('url'))) } : {}),
      };
    }
    let strategy: Strategy | undefined;
    if (keys.has('strategy')) {
      const spec = keysOf(
        keys.get('strategy'),
        ['matrix', 'fail-fast', 'max-parallel'],
        `job "${id}" strategy`,
      );
      if (!spec.has('matrix')) fail(keys.get('strategy'), `job "${id}" strategy has no matrix`);
      strategy = {
        matrix: plain(spec.get('matrix')) as Value,
        failFast: (plain(spec.get('fail-fast')) as boolean | string | undefined) ?? true,
        maxParallel: plain(spec.get('max-parallel')) as number | string | undefined,
      };
    }
    const stepsNode = keys.get('steps');
    if (!isSeq(stepsNode))
      fail(
        stepsNode ?? (pair.value as YamlNode),
        `job "${id}" needs steps (reusable workflows are not supported)`,
      );
    const steps = (stepsNode as { items: unknown[] }).items.map((stepNode, index): Step => {
      const step = keysOf(stepNode, STEP_KEYS, `job "${id}" step ${index + 1}`);
      const uses = plain(step.get('uses')) as string | undefined;
      const run = plain(step.get('run')) as string | undefined;
      if ((uses === undefined) === (run === undefined)) {
        fail(stepNode as YamlNode, `job "${id}" step ${index + 1} needs exactly one of uses: and run:`);
      }
      return {
        index,
        id: plain(step.get('id')) as string | undefined,
        name: plain(step.get('name')) as string | undefined,
        uses,
        run,
        with: stringMap(step.get('with'), 'with'),
        env: stringMap(step.get('env'), 'env'),
        if: plain(step.get('if')) as string | boolean | undefined,
        shell: plain(step.get('shell')) as string | undefined,
        workingDirectory: plain(step.get('working-directory')) as string | undefined,
        continueOnError: plain(step.get('continue-on-error')) === true,
        timeoutMinutes: plain(step.get('timeout-minutes')) as number | undefined,
        at: `${basename(path)}:${lineOf(stepNode as YamlNode)}`,
      };
    });
    jobs[id] = {
      id,
      name: plain(keys.get('name')) as string | undefined,
      needs: stringList(keys.get('needs'), 'needs') ?? [],
      if: plain(keys.get('if')) as string | boolean | undefined,
      permissions: permissions(keys.get('permissions')),
      environment,
      env: stringMap(keys.get('env'), 'env'),
      outputs: stringMap(keys.get('outputs'), 'outputs'),
      timeoutMinutes: Number(plain(keys.get('timeout-minutes')) ?? 360),
      continueOnError: plain(keys.get('continue-on-error')) === true,
      strategy,
      steps,
    };
  }
  for (const job of Object.values(jobs)) {
    for (const need of job.needs) {
      if (!jobs[need]) throw new WorkflowFileError(`${path}: job "${job.id}" needs unknown job "${need}"`);
    }
  }

  return {
    path,
    file: basename(path),
    name: (plain(root.get('name')) as string | undefined) ?? basename(path),
    on,
    permissions: permissions(root.get('permissions')),
    env: stringMap(root.get('env'), 'env'),
    concurrency,
    jobs,
  };
}

/** GitHub's messages start with `file (Line: l, Col: c): `; ours put the position first, once. */
function withoutPosition(message: string): string {
  return message.replace(/^.*?\(Line: \d+, Col: \d+\): /, '');
}
