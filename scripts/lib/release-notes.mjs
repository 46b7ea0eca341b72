// What a release changes in the actions' interfaces: the inputs and outputs of every action.yml,
// compared with the previous version tag's. Dependency-free (the release job runs it with plain
// node): it reads the one shape our manifests have — `inputs:`/`outputs:` mappings of names with
// scalar fields — and test/release.test.ts checks that reading against a full YAML parser.

/** `v1.2.3` → [1, 2, 3]; anything else → undefined. */
export function parseVersion(tag) {
  const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** The highest version tag below `tag` (a release's "since"), or undefined for the first release. */
export function previousVersion(tag, tags) {
  const current = parseVersion(tag);
  if (!current) throw new Error(`${tag} is not a version tag vX.Y.Z`);
  const older = tags
    .map((name) => [name, parseVersion(name)])
    .filter(([, version]) => version && compareVersions(version, current) < 0)
    .sort((a, b) => compareVersions(b[1], a[1]));
  return older[0]?.[0];
}

function compareVersions(a, b) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function scalar(raw, where) {
  const text = raw.trim();
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`${where}: unterminated '…' string`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Error(`${where}: unterminated "…" string`);
    return JSON.parse(text);
  }
  return text.replace(/\s+#.*$/, '');
}

/**
 * `{ inputs: { name: { description, required, default } }, outputs: { name: { description } } }`
 * of an action.yml's text. `file` names the manifest in errors (with the line).
 */
export function readActionInterface(text, file) {
  const result = { inputs: {}, outputs: {} };
  let section;
  let entry;
  text.split(/\r?\n/).forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const top = /^([A-Za-z-]+):(.*)$/.exec(line);
    if (top) {
      section = top[1] === 'inputs' || top[1] === 'outputs' ? result[top[1]] : undefined;
      entry = undefined;
      return;
    }
    if (!section) return;
    const name = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (name) {
      entry = section[name[1]] = {};
      return;
    }
    const field = /^ {4}([a-z-]+):\s?(.*)$/.exec(line);
    if (field && entry) {
      if (/^[|>]/.test(field[2].trim()))
        throw new Error(`${where}: block scalars are not read here; quote the value`);
      entry[field[1]] = scalar(field[2], where);
      return;
    }
    throw new Error(
      `${where}: unexpected line in ${section === result.inputs ? 'inputs' : 'outputs'}: ${line.trim()}`,
    );
  });
  return result;
}

/**
 * Per action: inputs and outputs added, removed or changed (description, required, default)
 * between two maps of action name → interface. A new or removed action is reported as such.
 */
export function interfaceChanges(before, after) {
  const changes = [];
  for (const action of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (!(action in before)) {
      changes.push({ action, kind: 'new action' });
      continue;
    }
    if (!(action in after)) {
      changes.push({ action, kind: 'removed action' });
      continue;
    }
    for (const part of ['inputs', 'outputs']) {
      const old = before[action][part];
      const now = after[action][part];
      for (const name of Object.keys(now)) {
        if (!(name in old)) changes.push({ action, part, name, kind: 'added', now: now[name] });
        else {
          const fields = [...new Set([...Object.keys(old[name]), ...Object.keys(now[name])])]
            .filter((key) => old[name][key] !== now[name][key])
            .sort();
          if (fields.length > 0)
            changes.push({ action, part, name, kind: 'changed', fields, old: old[name], now: now[name] });
        }
      }
      for (const name of Object.keys(old)) {
        if (!(name in now)) changes.push({ action, part, name, kind: 'removed' });
      }
    }
  }
  return changes;
}

/** Markdown for a Markdown cell or line: escapes what would start formatting or break the table. */
function md(text) {
  return String(text).replace(/[\\`*_[\]<>|]/g, (char) => `\\${char}`);
}

function singular(part) {
  return part === 'inputs' ? 'input' : 'output';
}

/** The release body: what changed in the actions' interfaces since `previous`. */
export function releaseNotes({ tag, previous, changes, repository }) {
  const lines = [`## ${md(tag)}`, ''];
  if (!previous) {
    lines.push('The first release of the actions.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Changes to the actions' inputs and outputs since ${md(previous)} (from their \`action.yml\`):`,
    '',
  );
  if (changes.length === 0) lines.push('- none: every input and output is as it was.');
  for (const change of changes) {
    const action = `\`${change.action}\``;
    if (change.kind === 'new action' || change.kind === 'removed action') {
      lines.push(`- ${action}: ${change.kind}`);
      continue;
    }
    const what = `${singular(change.part)} \`${change.name}\``;
    if (change.kind === 'added') {
      const required = change.now.required === 'true' ? ' (required)' : '';
      lines.push(`- ${action}: ${what} added${required} — ${md(change.now.description ?? '')}`);
    } else if (change.kind === 'removed') lines.push(`- ${action}: ${what} **removed**`);
    else {
      const fields = change.fields.map((field) =>
        field === 'description'
          ? 'description'
          : `${field} ${md(change.old[field] ?? '(none)')} → ${md(change.now[field] ?? '(none)')}`,
      );
      lines.push(`- ${action}: ${what} changed: ${fields.join('; ')}`);
    }
  }
  if (repository) lines.push('', `Full diff: https://github.com/${repository}/compare/${previous}...${tag}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What breaks a workflow pinned to the major tag: an input, output or action removed, a new
 * required input, an input made required. Within a major these refuse the release.
 */
export function breakingChanges(changes) {
  return changes.filter(
    (change) =>
      change.kind === 'removed' ||
      change.kind === 'removed action' ||
      (change.kind === 'added' &&
        change.part === 'inputs' &&
        change.now.required === 'true' &&
        change.now.default === undefined) ||
      (change.kind === 'changed' && change.fields.includes('required') && change.now.required === 'true'),
  );
}
