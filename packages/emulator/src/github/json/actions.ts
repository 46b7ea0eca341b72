import type { RunApprovalRecord, WorkflowRecord, WorkflowRunRecord } from '../state/records';
import { findEnvironment } from '../state/environments';
import type { Store } from '../state/store';
import { repositoryJson } from './repository';
import { nodeId, repoApiUrl, repoWebUrl, type Site } from './site';
import { simpleUser } from './users';

export function workflowJson(site: Site, store: Store, w: WorkflowRecord) {
  return {
    id: w.id,
    node_id: nodeId('Workflow', w.id),
    name: w.name,
    path: w.path,
    state: w.state,
    created_at: w.created_at,
    updated_at: w.updated_at,
    url: `${repoApiUrl(site)}/actions/workflows/${w.id}`,
    html_url: `${repoWebUrl(site)}/blob/${store.defaultBranch}/${w.path}`,
    badge_url: `${repoWebUrl(site)}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

export function workflowRunJson(site: Site, store: Store, run: WorkflowRunRecord) {
  const url = `${repoApiUrl(site)}/actions/runs/${run.id}`;
  const commit = store.git.commit(run.head_sha);
  const repository = repositoryJson(site, store, true);
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId('WorkflowRun', run.id),
    check_suite_id: run.id + 1,
    check_suite_node_id: nodeId('CheckSuite', run.id + 1),
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    path: run.path,
    display_title: run.display_title,
    run_number: run.run_number,
    run_attempt: run.run_attempt,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflow_id,
    url,
    html_url: `${repoWebUrl(site)}/actions/runs/${run.id}`,
    pull_requests: [],
    // reusable workflows the run called: none for the emulator's single-file workflows
    referenced_workflows: [],
    created_at: run.created_at,
    updated_at: run.updated_at,
    actor: simpleUser(site, run.actor),
    triggering_actor: simpleUser(site, run.actor),
    run_started_at: run.created_at,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${repoApiUrl(site)}/check-suites/${run.id + 1}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${repoApiUrl(site)}/actions/workflows/${run.workflow_id}`,
    head_commit: commit
      ? {
          id: run.head_sha,
          tree_id: commit.tree,
          message: commit.message,
          timestamp: commit.committer.date,
          author: { name: commit.author.name, email: commit.author.email },
          committer: { name: commit.committer.name, email: commit.committer.email },
        }
      : null,
    repository,
    head_repository: repository,
  };
}

export function approvalJson(site: Site, store: Store, approval: RunApprovalRecord) {
  return {
    environments: approval.environments.flatMap((name) => {
      const e = findEnvironment(store, name);
      if (!e) return [];
      return [
        {
          id: e.id,
          node_id: nodeId('Environment', e.id),
          name: e.name,
          url: `${repoApiUrl(site)}/environments/${encodeURIComponent(e.name)}`,
          html_url: `${repoWebUrl(site)}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
          created_at: e.created_at,
          updated_at: e.updated_at,
        },
      ];
    }),
    state: approval.state,
    user: simpleUser(site, approval.user),
    comment: approval.comment,
  };
}
