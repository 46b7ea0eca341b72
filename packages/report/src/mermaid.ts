/**
 * Makes a data-derived string safe as a quoted mermaid node label (`id["label"]`): anything but
 * letters, digits and plain punctuation becomes a mermaid entity code (`#34;` for `"`), so a
 * label cannot end its quotes, inject HTML or directives, or close the fenced block (backticks).
 * Long labels are cut, since a graph is for orientation and the tables hold the full text.
 */
export function mermaidLabel(text: string, maxLength = 60): string {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  const cut = flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
  return cut.replace(/[^\p{L}\p{N} ._@/+,=:·…-]/gu, (ch) => `#${ch.codePointAt(0)};`);
}
