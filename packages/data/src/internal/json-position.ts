/**
 * Offset where `text` stops being valid JSON, or -1 when it is valid. V8's own messages do not always
 * say where ("Unexpected token '}', … is not valid JSON"), so on a parse error the line is scanned again
 * with this small recursive-descent checker to point at the column.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string): boolean => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return false;
    return true;
  };
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        i++;
        const escape = text[i];
        if (escape === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) return ((i += k), false);
          i += 5;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i++;
        else return false;
      } else i++;
    }
    return false;
  };
  const number = (): boolean => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') return false;
    i += match[0].length;
    return true;
  };
  const value = (): boolean => {
    skipSpace();
    const c = text[i];
    if (c === '{') return container('}', true);
    if (c === '[') return container(']', false);
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  const container = (close: string, isObject: boolean): boolean => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return true;
    }
    for (;;) {
      if (isObject) {
        skipSpace();
        if (text[i] !== '"' || !string()) return false;
        skipSpace();
        if (text[i] !== ':') return false;
        i++;
      }
      if (!value()) return false;
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return true;
      }
      return false;
    }
  };
  if (!value()) return Math.min(i, n);
  skipSpace();
  return i < n ? i : -1;
}
