import { validationFailed } from '../errors';
import type { IssueRecord, LabelRecord, PullRecord, UserRecord } from './records';
import type { Store } from './store';

/** Issues, labels and pull requests, which share one sequence of numbers. */

export function createIssue(
  store: Store,
  input: { title: string; body?: string | null; labels?: string[]; assignees?: string[]; user: UserRecord },
  pull?: Omit<PullRecord, 'id' | 'number'>,
): IssueRecord {
  const now = store.now();
  const number = store.nextIssueNumber();
  const issue: IssueRecord = {
    id: store.nextId(),
    number,
    title: input.title,
    body: input.body ?? null,
    state: 'open',
    state_reason: null,
    user: input.user,
    labels: [],
    assignees: [],
    locked: false,
    created_at: now,
    updated_at: now,
    closed_at: null,
    pull: pull && { ...pull, id: store.nextId(), number },
  };
  store.issues.set(number, issue);
  addLabels(store, issue, input.labels ?? []);
  for (const login of input.assignees ?? []) {
    const user = store.findUser(login);
    if (!user) throw validationFailed({ resource: 'Issue', code: 'invalid', field: 'assignees' });
    if (!issue.assignees.includes(user.login)) issue.assignees.push(user.login);
  }
  return issue;
}

/** Adds labels to an issue, creating missing ones in the repository, as GitHub does. */
export function addLabels(store: Store, issue: IssueRecord, names: string[]): void {
  for (const name of names) {
    const label = ensureLabel(store, name);
    if (!issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase()))
      issue.labels.push(label.name);
  }
  if (names.length > 0) issue.updated_at = store.now();
}

function ensureLabel(store: Store, name: string): LabelRecord {
  const existing = store.labels.get(name.toLowerCase());
  if (existing) return existing;
  const label: LabelRecord = { id: store.nextId(), name, color: 'ededed', description: null };
  store.labels.set(name.toLowerCase(), label);
  return label;
}

export function setIssueState(store: Store, issue: IssueRecord, state: 'open' | 'closed'): void {
  if (issue.state === state) return;
  const now = store.now();
  issue.state = state;
  issue.closed_at = state === 'closed' ? now : null;
  issue.state_reason = state === 'closed' ? 'completed' : 'reopened';
  issue.updated_at = now;
}
