import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkModelName, nextVersion, parseVersionNumber, parseVersionTag, versionTag } from '../src/naming';

/** git's own verdict on a tag name, as an independent check of our rules. */
function gitAcceptsTag(tag: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', `refs/tags/${tag}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('model names and version tags', () => {
  it.each(['churn', 'Churn-Model_2', 'a', 'fraud.v2', '9lives'])(
    'accepts %j, and git accepts its tag',
    (name) => {
      expect(checkModelName(name)).toBe(name);
      expect(gitAcceptsTag(versionTag(name, 7))).toBe(true);
    },
  );

  it.each([
    ['', /is empty/],
    ['has space', /letters, digits/],
    ['churn@prod', /letters, digits/],
    ['a/b', /letters, digits/],
    ['-lead', /starting with a letter or digit/],
    ['a..b', /"\.\."/],
    ['model.lock', /\.lock/],
    ['trailing.', /end with/],
    ['x'.repeat(101), /up to 100/],
  ])('refuses %j with a reason', (name, reason) => {
    expect(() => checkModelName(name)).toThrow(reason);
  });

  it('parses only this model’s tags', () => {
    expect(parseVersionTag('churn', 'churn@v12')).toBe(12);
    expect(parseVersionTag('churn', 'churn-eu@v3')).toBeUndefined();
    expect(parseVersionTag('churn', 'churn@v0')).toBeUndefined();
    expect(parseVersionTag('churn', 'churn@v1.2.3')).toBeUndefined();
    expect(parseVersionTag('churn', 'v1.0.0')).toBeUndefined();
  });

  it('numbers the next version after the highest, with gaps and foreign tags', () => {
    expect(nextVersion('churn', [])).toBe(1);
    expect(nextVersion('churn', ['churn@v1', 'churn@v3', 'fraud@v9', 'churn@v2'])).toBe(4);
  });

  it('reads "v7" and "7", and refuses the rest', () => {
    expect(parseVersionNumber('v7')).toBe(7);
    expect(parseVersionNumber('7')).toBe(7);
    expect(() => parseVersionNumber('latest')).toThrow(/not a version/);
    expect(() => parseVersionNumber('v0')).toThrow(/not a version/);
  });
});
