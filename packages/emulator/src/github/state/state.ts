import type { Store } from './store';
import type {
  CommentRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  EnvironmentRecord,
  IssueRecord,
  ReleaseRecord,
  RunApprovalRecord,
  UserRecord,
  WorkflowDispatchRecord,
  WorkflowRecord,
  WorkflowRunRecord,
} from './records';
import { mergeBase } from './merge';
import { commitFiles, readFile, resolveCommitish } from './repo-git';
import { createRelease, uploadAsset, type ReleaseInput } from './releases';
import { createDeployment, createDeploymentStatus, type DeploymentInput } from './deployments';
import { ensureEnvironment } from './environments';
import { addRunApproval, addWorkflow, addWorkflowRun, type RunInput } from './actions';

/**
 * Seeding and inspection for tests: arrange what the API cannot (runs, approvals), take
 * shortcuts (commit files, publish a release with assets) and look at what a run did (the
 * dispatches, the comments). Seeding goes through the same rules as the API.
 */
export class EmulatorState {
  constructor(private readonly store: Store) {}

  get owner(): string {
    return this.store.owner;
  }

  get repo(): string {
    return this.store.repo;
  }

  get defaultBranch(): string {
    return this.store.defaultBranch;
  }

  // Users

  addUser(login: string, options: { type?: 'User' | 'Bot'; name?: string } = {}): UserRecord {
    return this.store.ensureUser(login, options.type ?? 'User', options.name ?? null);
  }

  // Git

  /** Commits files (path → content, null deletes) onto a branch, creating it from main if new. */
  commitFiles(input: {
    branch?: string;
    files: Record<string, string | Buffer | null>;
    message?: string;
    author?: string;
  }): string {
    const { author, ...rest } = input;
    return commitFiles(this.store, { ...rest, ...(author ? { author: this.store.ensureUser(author) } : {}) });
  }

  /** A file's text at a branch, tag or sha (default branch by default). */
  readFile(path: string, ref?: string): string | undefined {
    return readFile(this.store, path, ref)?.toString('utf8');
  }

  readFileBytes(path: string, ref?: string): Buffer | undefined {
    return readFile(this.store, path, ref);
  }

  /** Every file of the tree at a branch, tag or sha, path → content (what a checkout writes). */
  files(ref?: string): Map<string, Buffer> {
    const sha = resolveCommitish(this.store, ref ?? this.store.defaultBranch);
    if (!sha) throw new Error(`no such ref or commit: ${ref}`);
    const { git } = this.store;
    const out = new Map<string, Buffer>();
    for (const [path, entry] of git.flatten(git.commit(sha)?.tree ?? '')) {
      const blob = entry.type === 'blob' ? git.blob(entry.sha) : undefined;
      if (blob) out.set(path, blob.content);
    }
    return out;
  }

  /** The nearest commit both commits descend from (what a pull request's diff starts at). */
  mergeBase(a: string, b: string): string | undefined {
    return mergeBase(this.store, a, b);
  }

  /** The commit sha a branch, tag, `refs/…` name or sha points to. */
  resolve(ref: string): string | undefined {
    return resolveCommitish(this.store, ref);
  }

  /** All refs, `refs/heads/main` → sha. */
  refs(): Record<string, string> {
    return Object.fromEntries(this.store.git.refs);
  }

  // Issues, pull requests, comments

  issue(number: number): IssueRecord | undefined {
    return this.store.issues.get(number);
  }

  issues(): IssueRecord[] {
    return [...this.store.issues.values()];
  }

  pulls(): IssueRecord[] {
    return this.issues().filter((i) => i.pull);
  }

  comments(issueNumber?: number): CommentRecord[] {
    return [...this.store.comments.values()].filter(
      (c) => issueNumber === undefined || c.issue_number === issueNumber,
    );
  }

  // Releases

  releases(): ReleaseRecord[] {
    return [...this.store.releases.values()];
  }

  addRelease(
    input: ReleaseInput & {
      author?: string;
      assets?: { name: string; data: string | Buffer; contentType?: string; label?: string }[];
    },
  ): ReleaseRecord {
    const author = this.store.ensureUser(
      input.author ?? 'github-actions[bot]',
      input.author ? 'User' : 'Bot',
    );
    const release = createRelease(this.store, input, author);
    for (const asset of input.assets ?? []) {
      uploadAsset(this.store, release, {
        name: asset.name,
        label: asset.label ?? null,
        content_type: asset.contentType ?? 'application/octet-stream',
        data: typeof asset.data === 'string' ? Buffer.from(asset.data) : asset.data,
        uploader: author,
      });
    }
    return release;
  }

  // Deployments and environments

  deployments(): DeploymentRecord[] {
    return [...this.store.deployments.values()];
  }

  addDeployment(
    input: Omit<DeploymentInput, 'creator' | 'ref'> & {
      ref?: string;
      creator?: string;
      statuses?: {
        state: DeploymentStatusRecord['state'];
        log_url?: string;
        environment_url?: string;
        description?: string;
      }[];
    },
  ): DeploymentRecord {
    const creator = this.store.ensureUser(
      input.creator ?? 'github-actions[bot]',
      input.creator ? 'User' : 'Bot',
    );
    const deployment = createDeployment(this.store, {
      ...input,
      ref: input.ref ?? this.store.defaultBranch,
      creator,
    });
    for (const status of input.statuses ?? []) {
      createDeploymentStatus(this.store, deployment, { ...status, creator });
    }
    return deployment;
  }

  environments(): EnvironmentRecord[] {
    return [...this.store.environments.values()];
  }

  /** An environment with protection rules; reviewers are user logins (created if new). */
  addEnvironment(
    name: string,
    options: {
      reviewers?: string[];
      waitTimer?: number;
      preventSelfReview?: boolean;
      deploymentBranchPolicy?: EnvironmentRecord['deployment_branch_policy'];
    } = {},
  ): EnvironmentRecord {
    const environment = ensureEnvironment(this.store, name);
    if (options.reviewers) {
      environment.reviewers = options.reviewers.map((login) => ({
        type: 'User',
        id: this.addUser(login).id,
      }));
    }
    if (options.waitTimer !== undefined) environment.wait_timer = options.waitTimer;
    if (options.preventSelfReview !== undefined) environment.prevent_self_review = options.preventSelfReview;
    if (options.deploymentBranchPolicy !== undefined) {
      environment.deployment_branch_policy = options.deploymentBranchPolicy;
    }
    return environment;
  }

  // Actions

  /** Makes a workflow file dispatchable (`retrain.yml`); `inputs` restricts accepted inputs. */
  addWorkflow(file: string, options: { name?: string; inputs?: string[] } = {}): WorkflowRecord {
    return addWorkflow(this.store, file, options);
  }

  workflows(): WorkflowRecord[] {
    return [...this.store.workflows.values()];
  }

  /** Every accepted `workflow_dispatch`, in order. */
  get dispatches(): readonly WorkflowDispatchRecord[] {
    return this.store.dispatches;
  }

  addWorkflowRun(input: Omit<RunInput, 'actor'> & { actor?: string } = {}): WorkflowRunRecord {
    const { actor, ...rest } = input;
    return addWorkflowRun(this.store, { ...rest, ...(actor ? { actor: this.store.ensureUser(actor) } : {}) });
  }

  runs(): WorkflowRunRecord[] {
    return [...this.store.runs.values()];
  }

  /** Records an environment review on a run, as `GET …/runs/{id}/approvals` will report it. */
  addRunApproval(
    runId: number,
    approval: { environments: string[]; user: string; state?: RunApprovalRecord['state']; comment?: string },
  ): RunApprovalRecord {
    for (const name of approval.environments) ensureEnvironment(this.store, name);
    return addRunApproval(this.store, runId, {
      environments: approval.environments,
      state: approval.state ?? 'approved',
      comment: approval.comment ?? '',
      user: this.store.ensureUser(approval.user),
    });
  }
}
