import type { GitPerson } from './git';
import { GitDatabase } from './git';
import type {
  CommentRecord,
  DeploymentRecord,
  EnvironmentRecord,
  IssueRecord,
  LabelRecord,
  ReleaseRecord,
  RunApprovalRecord,
  UserRecord,
  UserType,
  WorkflowDispatchRecord,
  WorkflowRecord,
  WorkflowRunRecord,
} from './records';

/** The id GitHub gives github-actions[bot]; actions sometimes compare against it. */
export const ACTIONS_BOT_ID = 41898282;
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/**
 * Everything one emulated repository holds. Plain collections (Maps keep insertion order, which
 * is creation order); the rules that change them live in the domain modules next to this file.
 */
export class Store {
  readonly git = new GitDatabase();
  readonly users = new Map<string, UserRecord>();
  readonly issues = new Map<number, IssueRecord>();
  readonly comments = new Map<number, CommentRecord>();
  readonly labels = new Map<string, LabelRecord>();
  readonly releases = new Map<number, ReleaseRecord>();
  readonly deployments = new Map<number, DeploymentRecord>();
  readonly environments = new Map<string, EnvironmentRecord>();
  readonly workflows = new Map<number, WorkflowRecord>();
  readonly runs = new Map<number, WorkflowRunRecord>();
  readonly dispatches: WorkflowDispatchRecord[] = [];
  readonly approvals: RunApprovalRecord[] = [];
  /** The release `make_latest` last chose, if any. */
  latestReleaseId: number | undefined;
  readonly defaultBranch = 'main';
  readonly repoId: number;
  readonly createdAt: string;
  private lastId = 1_000_000;
  private lastIssueNumber = 0;

  constructor(
    readonly owner: string,
    readonly repo: string,
  ) {
    this.createdAt = this.now();
    this.repoId = this.nextId();
    this.ensureUser(owner, 'Organization');
    this.ensureUser(ACTIONS_BOT_LOGIN, 'Bot');
  }

  get fullName(): string {
    return `${this.owner}/${this.repo}`;
  }

  /** Ids increase across all kinds of objects, as GitHub's database ids do. */
  nextId(): number {
    return ++this.lastId;
  }

  nextIssueNumber(): number {
    return ++this.lastIssueNumber;
  }

  /** ISO 8601 without milliseconds, as GitHub writes timestamps. */
  now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  findUser(login: string): UserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  ensureUser(login: string, type: UserType = 'User', name: string | null = null): UserRecord {
    const existing = this.findUser(login);
    if (existing) return existing;
    const id = login === ACTIONS_BOT_LOGIN ? ACTIONS_BOT_ID : this.nextId();
    const user: UserRecord = { id, login, type, name, created_at: this.now() };
    this.users.set(login.toLowerCase(), user);
    return user;
  }

  /** The name and email git records for a user: GitHub's noreply address. */
  person(user: UserRecord, date = this.now()): GitPerson {
    return {
      name: user.name ?? user.login,
      email: `${user.id}+${user.login}@users.noreply.github.com`,
      date,
    };
  }
}
