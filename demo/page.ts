import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
 * escape every data-derived string. Mermaid blocks are drawn as GitHub draws them, by mermaid itself:
 * its bundle and a small starter are files next to the page, the only scripts the CSP lets run
 * (`script-src 'self'`: nothing inline, nothing remote).
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
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; font-src data:">
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
.mermaid-chart { margin: 1em 0; text-align: center; }
</style>
<script src="${MERMAID_FILE}" defer></script>
<script src="${STARTER_FILE}" defer></script>
</head>
<body>
<p>What <code>npm run demo</code> left on the emulated GitHub: the example workflows of
<code>workflows-examples/</code> run against vega-datasets' weather data. Each block is also a Markdown file in this folder.</p>
<ul>${toc}</ul>
${sections.join('\n')}
</body>
</html>
`;
  copyFileSync(
    createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'),
    join(outDir, MERMAID_FILE),
  );
  writeFileSync(join(outDir, STARTER_FILE), STARTER);
  const path = join(outDir, 'index.html');
  writeFileSync(path, html);
  return path;
}

const MERMAID_FILE = 'mermaid.min.js';
const STARTER_FILE = 'draw-charts.js';

/**
 * Replaces each ```mermaid block (micromark writes `<pre><code class="language-mermaid">`) with its SVG.
 * `securityLevel: 'strict'` has mermaid sanitize labels and disable click handlers, as GitHub does.
 * `data-charts` on <html> tells a reader (and the browser test) when drawing is over: "drawn" or "failed".
 */
const STARTER = `'use strict';
(async () => {
  const root = document.documentElement;
  const blocks = [...document.querySelectorAll('pre > code.language-mermaid')];
  try {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
    for (const [index, code] of blocks.entries()) {
      const { svg } = await mermaid.render('chart-' + index, code.textContent);
      const figure = document.createElement('div');
      figure.className = 'mermaid-chart';
      figure.innerHTML = svg;
      code.parentElement.replaceWith(figure);
    }
    root.dataset.charts = 'drawn';
  } catch (error) {
    root.dataset.charts = 'failed';
    console.error('mermaid:', error);
  }
})();
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
