import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export interface DemoDocument {
  title: string;
  /** the Markdown file written next to the page */
  file: string;
  markdown: string;
  kind: 'pull-request' | 'comment' | 'model-card' | 'summary';
}

const KIND_HEADINGS: Record<DemoDocument['kind'], string> = {
  comment: 'Pull request comments',
  'pull-request': 'Pull requests',
  'model-card': 'Model cards (release notes)',
  summary: 'Job summaries',
};

/**
 * One HTML page that renders what the demo left on "GitHub", the way GitHub renders Markdown
 * (CommonMark + GFM tables, task lists, autolinks). The Markdown comes from our actions, which
 * escape every data-derived string; the page still forbids scripts and remote loads (CSP), as
 * GitHub's sanitizer would strip them. Mermaid blocks show as code (GitHub draws them).
 */
export function writeDemoPage(outDir: string, documents: readonly DemoDocument[]): string {
  const sections = (Object.keys(KIND_HEADINGS) as DemoDocument['kind'][]).flatMap((kind) => {
    const ofKind = documents.filter((d) => d.kind === kind);
    if (ofKind.length === 0) return [];
    return [
      `<h1>${escapeHtml(KIND_HEADINGS[kind])}</h1>`,
      ...ofKind.map(
        (d, i) =>
          `<section id="${kind}-${i}"><h2>${escapeHtml(d.title)} <a class="source" href="${encodeURI(d.file)}">${escapeHtml(d.file)}</a></h2>` +
          `<div class="markdown-body">${micromark(d.markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] })}</div></section>`,
      ),
    ];
  });
  const toc = documents
    .map((d) => `<li><a href="${encodeURI(d.file)}">${escapeHtml(d.title)}</a></li>`)
    .join('');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>MLOps Actions — demo</title>
<style>
body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #1f2328; }
h1 { border-bottom: 1px solid #d0d7de; padding-bottom: .3em; margin-top: 2em; }
section { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1em 1em; margin: 1.5em 0; }
section > h2 { font-size: 1em; background: #f6f8fa; margin: 0 -1em 1em; padding: .5em 1em; border-bottom: 1px solid #d0d7de; }
a.source { font-weight: normal; font-size: .85em; color: #656d76; margin-left: .5em; }
table { border-collapse: collapse; margin: 1em 0; display: block; overflow: auto; }
th, td { border: 1px solid #d0d7de; padding: 4px 10px; }
tr:nth-child(2n) { background: #f6f8fa; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 85%; background: #f6f8fa; border-radius: 6px; }
pre { padding: 1em; overflow: auto; }
details { margin: .5em 0; }
</style>
</head>
<body>
<p>What <code>npm run demo</code> left on the emulated GitHub: the example workflows of
<code>workflows-examples/</code> run against vega-datasets' weather data. Each block is also a Markdown file in this folder.</p>
<ul>${toc}</ul>
${sections.join('\n')}
</body>
</html>
`;
  const path = join(outDir, 'index.html');
  writeFileSync(path, html);
  return path;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
