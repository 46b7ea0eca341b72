/**
 * Escaping for data-derived strings (column names, category values, model names) that end up in
 * GitHub-flavoured Markdown: a PR comment, a release body, a job summary.
 *
 * After escaping, a string renders as the same visible text but cannot
 * - open HTML (`<img onerror>`, `<details>`), since `& < > " '` become entities;
 * - form Markdown syntax (links, images, emphasis, code, headings, tables), since ASCII
 *   punctuation that Markdown reads is backslash-escaped;
 * - ping people or teams, or link issues: `@name` and `#123` get a zero-width space after the
 *   sigil (GitHub resolves mentions on rendered text, where entities are already decoded —
 *   Renovate and Dependabot use the same trick);
 * - autolink a bare URL: `://` and `www.` are broken by a zero-width space;
 * - break out of a table row or a line: `|` is escaped and newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~^=:$]/g, (ch) => `\\${ch}`)
    .replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch)
    .replace(/@/g, '@&#8203;')
    .replace(/\\#(?=\d)/g, '#&#8203;')
    .replace(/\\:\/\//g, '\\:&#8203;//')
    .replace(/www\\\./gi, (match) => `${match.slice(0, 3)}&#8203;\\.`);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for inside an HTML attribute or element (e.g. a `<summary>`), without Markdown escapes. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}
