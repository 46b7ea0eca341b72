export { escapeMarkdown, escapeHtml } from './escape';
export { formatNumber, formatSigned } from './format';
export { commentMarker, GITHUB_COMMENT_LIMIT, renderMetricsComment } from './metrics-comment';
export type { MetricsCommentInput } from './metrics-comment';
export { mermaidLabel } from './mermaid';
export { renderModelCard } from './model-card';
export type { CardMetric, ModelCardInput, ModelCardOptions } from './model-card';
export { renderProfileSummary } from './profile-summary';
export { renderRunSummary } from './run-summary';
