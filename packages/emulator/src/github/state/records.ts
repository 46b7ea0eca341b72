/** The emulator's in-memory records: what GitHub stores, before it is rendered as JSON. */

export type UserType = 'User' | 'Bot' | 'Organization';

export interface UserRecord {
  id: number;
  login: string;
  type: UserType;
  name: string | null;
  created_at: string;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** Issues and pull requests share numbering, as on GitHub; a pull request is also an issue. */
export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'reopened' | 'not_planned' | null;
  user: UserRecord;
  labels: string[];
  assignees: string[];
  locked: boolean;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  pull: PullRecord | undefined;
}

export interface PullRecord {
  id: number;
  number: number;
  head: { ref: string; sha: string; label: string };
  base: { ref: string; sha: string };
  draft: boolean;
  maintainer_can_modify: boolean;
  /** set once merged (`PUT …/merge`) */
  merged?: { at: string; sha: string; by: UserRecord };
}

export interface CommentRecord {
  id: number;
  issue_number: number;
  body: string;
  user: UserRecord;
  created_at: string;
  updated_at: string;
}

export interface AssetRecord {
  id: number;
  release_id: number;
  name: string;
  label: string | null;
  content_type: string;
  data: Buffer;
  /** `sha256:<hex>`, as GitHub reports it */
  digest: string;
  download_count: number;
  uploader: UserRecord;
  created_at: string;
  updated_at: string;
}

export interface ReleaseRecord {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: UserRecord;
  created_at: string;
  published_at: string | null;
  updated_at: string;
  /** Drafts live at `releases/tag/untagged-<hex>` until they are published. */
  untagged_slug: string;
  assets: AssetRecord[];
}

export interface DeploymentStatusRecord {
  id: number;
  deployment_id: number;
  state: 'error' | 'failure' | 'inactive' | 'pending' | 'success' | 'queued' | 'in_progress';
  creator: UserRecord;
  description: string;
  environment: string;
  log_url: string;
  environment_url: string;
  created_at: string;
  updated_at: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  original_environment: string;
  environment: string;
  description: string | null;
  creator: UserRecord;
  auto_merge: boolean;
  required_contexts: string[] | undefined;
  transient_environment: boolean;
  production_environment: boolean;
  created_at: string;
  updated_at: string;
  statuses: DeploymentStatusRecord[];
}

export interface EnvironmentRecord {
  id: number;
  name: string;
  wait_timer: number;
  prevent_self_review: boolean;
  reviewers: { type: 'User' | 'Team'; id: number }[];
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  /** ids of the protection rules, stable across updates */
  rule_ids: { wait_timer: number; required_reviewers: number; branch_policy: number };
  created_at: string;
  updated_at: string;
}

export interface WorkflowRecord {
  id: number;
  name: string;
  path: string;
  state: 'active' | 'disabled_manually';
  /** Declared `workflow_dispatch` inputs; when set, other inputs are rejected as on GitHub. */
  inputs: string[] | undefined;
  created_at: string;
  updated_at: string;
}

export interface WorkflowDispatchRecord {
  workflow_id: number;
  /** `.github/workflows/<file>` */
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
  actor: string;
  run_id: number;
  at: string;
}

export interface WorkflowRunRecord {
  id: number;
  name: string;
  workflow_id: number;
  path: string;
  head_branch: string | null;
  head_sha: string;
  event: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion:
    'success' | 'failure' | 'cancelled' | 'skipped' | 'neutral' | 'timed_out' | 'action_required' | null;
  run_number: number;
  run_attempt: number;
  actor: UserRecord;
  display_title: string;
  created_at: string;
  updated_at: string;
}

export interface RunApprovalRecord {
  run_id: number;
  environments: string[];
  state: 'approved' | 'rejected' | 'pending';
  comment: string;
  user: UserRecord;
}
