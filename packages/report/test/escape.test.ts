import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../src/escape';

/** Renders GitHub-flavoured Markdown to HTML with an independent parser (micromark + GFM). */
function render(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The text a reader sees: tags dropped, entities decoded, zero-width spaces removed. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x?[0-9a-f]+;|&[a-z]+;/gi, (entity) => decodeEntity(entity))
    .replace(/\u200b/g, '')
    .trim();
}

function decodeEntity(entity: string): string {
  const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };
  if (named[entity]) return named[entity];
  const hex = /^&#x([0-9a-f]+);$/i.exec(entity);
  if (hex) return String.fromCodePoint(parseInt(hex[1] ?? '0', 16));
  const dec = /^&#(\d+);$/.exec(entity);
  return dec ? String.fromCodePoint(Number(dec[1])) : entity;
}

const hostile = [
  '[click me](https://evil.example/steal)',
  '![pixel](https://evil.example/track.png)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<details open><summary>x</summary>',
  '**bold** _em_ `code` ~~gone~~',
  '# heading',
  'https://evil.example/bare',
  'www.evil.example',
  '@octocat and @org/team',
  'fixes #12',
  '<!-- hidden -->',
  '&lt;already escaped&gt;',
  'multi\nline\r\nvalue',
];

describe('escapeMarkdown', () => {
  it.each(hostile)('renders %j as plain text with no markup', (input) => {
    const html = render(escapeMarkdown(input));
    expect(html).not.toMatch(/<(a|img|script|details|summary|strong|em|code|del|h\d)\b/i);
    expect(html).not.toContain('<!--');
    expect(visibleText(html)).toBe(input.replace(/\r?\n/g, ' '));
  });

  it('keeps @mentions and issue references from resolving', () => {
    // What GitHub scans for mentions is the rendered text: there, a zero-width space must follow the sigil.
    const rendered = render(escapeMarkdown('@octocat #12'))
      .replace(/<[^>]+>/g, '')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
    expect(rendered).toContain('@\u200boctocat');
    expect(rendered).not.toMatch(/@[A-Za-z]/);
    expect(rendered).not.toMatch(/#\d/);
  });

  it('keeps a table row intact when a value holds a pipe or a newline', () => {
    const table = `| name | value |\n| --- | --- |\n| ${escapeMarkdown('a|b\nc')} | 1 |`;
    const html = render(table);
    expect(html.match(/<td>/g)).toHaveLength(2);
    expect(visibleText(html.split('<tbody>')[1] ?? '')).toContain('a|b c');
  });
});
