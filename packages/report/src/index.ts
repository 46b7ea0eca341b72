export { escapeMarkdown, escapeHtml } from './escape';
export { commentMarker, renderMetricsComment } from './metrics-comment';
export type { MetricRow, MetricsCommentInput } from './metrics-comment';
