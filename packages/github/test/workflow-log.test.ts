import { describe, expect, it } from 'vitest';
import { escapeWorkflowCommands } from '../src/workflow-log';

/** Whether the runner would read a command from `text` printed as one log line. */
function startsCommand(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => /^\s*::/.test(line) || line.includes('##['));
}

describe('escapeWorkflowCommands', () => {
  const hostile = [
    'wind\n::warning title=Injected::from a CSV header',
    'gust\r::add-mask::hunter2',
    '::stop-commands::pwned',
    '  ::error file=x::indented',
    'temp %0A::notice::encoded newline',
    'rain ##[warning]the old syntax, anywhere in a line',
    '\u200b::warning::behind a zero-width space',
    ':\u200b:warning::colons split by an invisible character',
    ':::set-output name=model::/tmp/evil.onnx',
  ];

  it.each(hostile)('leaves no workflow command in %j', (text) => {
    const escaped = escapeWorkflowCommands(text);
    expect(startsCommand(escaped)).toBe(false);
    expect(escaped).not.toMatch(/::/);
  });

  it('keeps the text readable', () => {
    expect(escapeWorkflowCommands('wind\n::warning title=Injected::x')).toBe(
      'wind\\n:\\:warning title=Injected:\\:x',
    );
    expect(escapeWorkflowCommands('a\r\nb\tc')).toBe('a\\r\\nb\tc');
    expect(escapeWorkflowCommands('temp %0A rain ##[x]')).toBe('temp %0A rain ##\\[x]');
    expect(escapeWorkflowCommands('zero\u200bwidth')).toBe('zero\\u{200b}width');
    expect(escapeWorkflowCommands('Training on 365 rows with features temp_max, wind.')).toBe(
      'Training on 365 rows with features temp_max, wind.',
    );
  });
});
