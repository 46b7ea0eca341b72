import type { DeploymentRecord, DeploymentStatusRecord, EnvironmentRecord } from '../state/records';
import type { Store } from '../state/store';
import { nodeId, repoApiUrl, repoWebUrl, type Site } from './site';
import { simpleUser } from './users';

export function deploymentJson(site: Site, d: DeploymentRecord) {
  const url = `${repoApiUrl(site)}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.original_environment,
    environment: d.environment,
    description: d.description,
    creator: simpleUser(site, d.creator),
    created_at: d.created_at,
    updated_at: d.updated_at,
    statuses_url: `${url}/statuses`,
    repository_url: repoApiUrl(site),
    transient_environment: d.transient_environment,
    production_environment: d.production_environment,
    performed_via_github_app: null,
  };
}

export function deploymentStatusJson(site: Site, s: DeploymentStatusRecord) {
  const deploymentUrl = `${repoApiUrl(site)}/deployments/${s.deployment_id}`;
  return {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    creator: simpleUser(site, s.creator),
    description: s.description,
    environment: s.environment,
    // GitHub sends target_url as the deprecated alias of log_url, '' when unset.
    target_url: s.log_url,
    log_url: s.log_url,
    environment_url: s.environment_url,
    created_at: s.created_at,
    updated_at: s.updated_at,
    deployment_url: deploymentUrl,
    repository_url: repoApiUrl(site),
    performed_via_github_app: null,
  };
}

export function environmentJson(site: Site, store: Store, e: EnvironmentRecord) {
  const rules: unknown[] = [];
  if (e.wait_timer > 0) {
    rules.push({
      id: e.rule_ids.wait_timer,
      node_id: nodeId('Gate', e.rule_ids.wait_timer),
      type: 'wait_timer',
      wait_timer: e.wait_timer,
    });
  }
  if (e.reviewers.length > 0) {
    rules.push({
      id: e.rule_ids.required_reviewers,
      node_id: nodeId('Gate', e.rule_ids.required_reviewers),
      prevent_self_review: e.prevent_self_review,
      type: 'required_reviewers',
      reviewers: e.reviewers.flatMap((r) => {
        const user = [...store.users.values()].find((u) => u.id === r.id);
        return user ? [{ type: 'User', reviewer: simpleUser(site, user) }] : [];
      }),
    });
  }
  if (e.deployment_branch_policy) {
    rules.push({
      id: e.rule_ids.branch_policy,
      node_id: nodeId('Gate', e.rule_ids.branch_policy),
      type: 'branch_policy',
    });
  }
  return {
    id: e.id,
    node_id: nodeId('Environment', e.id),
    name: e.name,
    url: `${repoApiUrl(site)}/environments/${encodeURIComponent(e.name)}`,
    html_url: `${repoWebUrl(site)}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
    created_at: e.created_at,
    updated_at: e.updated_at,
    protection_rules: rules,
    deployment_branch_policy: e.deployment_branch_policy,
  };
}
