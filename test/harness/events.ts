/** Real-shaped event payloads (the fields our actions and the toolkit read), for GITHUB_EVENT_PATH. */

export interface RepoRef {
  owner: string;
  repo: string;
}

function repository({ owner, repo }: RepoRef) {
  return {
    id: 1296269,
    node_id: 'R_kgDOAAAAAQ',
    name: repo,
    full_name: `${owner}/${repo}`,
    private: false,
    owner: { login: owner, id: 1, type: 'Organization' },
    html_url: `https://github.com/${owner}/${repo}`,
    default_branch: 'main',
  };
}

export function pullRequestEvent(
  target: RepoRef,
  options: {
    number: number;
    headSha: string;
    headRef?: string;
    baseRef?: string;
    fork?: boolean;
    action?: string;
  },
) {
  const base = repository(target);
  const head = options.fork ? repository({ owner: 'forker', repo: target.repo }) : base;
  return {
    action: options.action ?? 'synchronize',
    number: options.number,
    pull_request: {
      number: options.number,
      state: 'open',
      title: 'Change the model',
      html_url: `https://github.com/${target.owner}/${target.repo}/pull/${options.number}`,
      user: { login: 'data-scientist', id: 7, type: 'User' },
      head: { ref: options.headRef ?? 'feature', sha: options.headSha, repo: head },
      base: { ref: options.baseRef ?? 'main', sha: '0'.repeat(40), repo: base },
    },
    repository: base,
    sender: { login: 'data-scientist', id: 7, type: 'User' },
  };
}

export function pushEvent(target: RepoRef, options: { ref?: string; after: string }) {
  return {
    ref: options.ref ?? 'refs/heads/main',
    before: '0'.repeat(40),
    after: options.after,
    repository: repository(target),
    pusher: { name: 'data-scientist' },
    sender: { login: 'data-scientist', id: 7, type: 'User' },
  };
}

export function scheduleEvent() {
  return { schedule: '0 6 * * *' };
}

export function workflowDispatchEvent(target: RepoRef, inputs: Record<string, string> = {}) {
  return {
    inputs,
    ref: 'refs/heads/main',
    repository: repository(target),
    workflow: '.github/workflows/retrain.yml',
  };
}
