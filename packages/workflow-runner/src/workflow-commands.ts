/** An annotation an action printed as a workflow command (`::error file=a.csv,line=3::msg`). */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

const COMMAND = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/;

/**
 * Parses annotations from an action's stdout, undoing the runner's %-escaping. As the runner
 * does, it reads a command only at the start of a line (after whitespace), splits lines at CR
 * as well as LF, and ignores every command between `::stop-commands::<token>` and `::<token>::`.
 */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  let stoppedUntil: string | undefined;
  for (const raw of stdout.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (stoppedUntil !== undefined) {
      if (line === stoppedUntil) stoppedUntil = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) {
      stoppedUntil = `::${stop[1]}::`;
      continue;
    }
    const match = COMMAND.exec(line);
    if (!match) continue;
    const [, level, rawProperties = '', rawMessage = ''] = match;
    const properties: Record<string, string> = {};
    for (const pair of rawProperties.split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    annotations.push({ level: level as Annotation['level'], message: unescapeData(rawMessage), properties });
  }
  return annotations;
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE file: `name=value` lines and
 * `name<<DELIMITER … DELIMITER` blocks, as @actions/core writes them.
 */
export function parseKeyValueFile(content: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc;
      const body: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) body.push(lines[i++] ?? '');
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delimiter} block in the output file`);
      values[name] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`malformed line in the output file: ${line}`);
    values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',');
}
