import type { DeployFailure, DeployOutcome } from '@mlops-actions/registry';
import { escapeMarkdown } from '@mlops-actions/report';

/** The job summary of a deployment that went through. */
export function successSummary(outcome: DeployOutcome, environment: string, releaseUrl: string): string {
  const { resolved } = outcome;
  return [
    `### ${escapeMarkdown(resolved.tag)} deployed to ${escapeMarkdown(environment)}`,
    '',
    '| | |',
    '|---|---|',
    `| version | [${escapeMarkdown(resolved.tag)}](${releaseUrl}) |`,
    `| sha256 | \`${resolved.sha256}\` (verified against lineage.json) |`,
    `| before | ${outcome.previous ? escapeMarkdown(outcome.previous.tag) : 'nothing'} |`,
    `| approved by | ${approversText(outcome.approvers)} |`,
    `| deployment | ${outcome.deploymentId} |`,
    ...(outcome.url ? [`| endpoint | ${escapeMarkdown(outcome.url)} |`] : []),
    '',
  ].join('\n');
}

/** The job summary of a deployment that failed, with what became of the environment. */
export function failureSummary(failure: DeployFailure, modelName: string, environment: string): string {
  const lines = [
    `### Deployment of ${escapeMarkdown(modelName)} to ${escapeMarkdown(environment)} failed`,
    '',
    escapeMarkdown(failure.message),
    '',
  ];
  const rollback = failure.rollback;
  if (rollback?.succeeded) {
    lines.push(
      `Rolled back: ${escapeMarkdown(rollback.tag)} runs in ${escapeMarkdown(environment)} again (deployment ${rollback.deploymentId}).`,
    );
  } else if (rollback) {
    lines.push(
      `The rollback to ${escapeMarkdown(rollback.tag)} failed too: ${escapeMarkdown(rollback.error ?? '')}`,
    );
  } else {
    const before = failure.previous ? escapeMarkdown(failure.previous.tag) : 'nothing';
    lines.push(`${escapeMarkdown(environment)} still runs ${before} as far as GitHub records it.`);
  }
  return `${lines.join('\n')}\n`;
}

export function approversText(approvers: string[]): string {
  return approvers.length
    ? approvers.map((login) => `@${escapeMarkdown(login)}`).join(', ')
    : 'no review recorded';
}
