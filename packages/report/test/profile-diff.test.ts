import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { profileDataset } from '@mlops-actions/stats';
import { diffProfiles, renderProfileDiff } from '../src/profile-diff';

async function profileOf(csv: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'diff-')), 'data.csv');
  writeFileSync(path, csv);
  return (await profileDataset(path)).toJSON();
}

describe('diffProfiles', () => {
  it('ranks the columns that moved most, with hand-checked null shares and mean shifts', async () => {
    // age: mean 30 (sd √50 ≈ 7.07 population) → mean 40; city: one null in four → none; steady: unchanged.
    const baseline = await profileOf('age,city,steady,gone\n20,a,1,x\n30,b,1,x\n40,,1,x\n30,a,1,x\n');
    const candidate = await profileOf('age,city,steady,fresh\n30,a,1,y\n40,b,1,y\n50,c,1,y\n40,a,1,y\n');
    const diff = diffProfiles(baseline, candidate);
    expect(diff.added).toEqual(['fresh']);
    expect(diff.removed).toEqual(['gone']);
    const age = diff.changes.find((c) => c.column === 'age')!;
    expect(age.mean).toEqual([30, 40]);
    const sd = baseline.columns['age']!.summary.stddev!;
    expect(age.meanShift).toBeCloseTo(10 / sd, 9);
    const city = diff.changes.find((c) => c.column === 'city')!;
    expect(city.nullShare).toEqual([0.25, 0]);
    expect(city.distinct).toEqual([2, 3]);
    expect(diff.changes.find((c) => c.column === 'steady')!.score).toBe(0);
    // city (distinct +50 %) moved more than age (shift 10/sd ≈ 1.2–1.4 sd → 0.14 of a score).
    expect(diff.changes.map((c) => c.column)).toEqual(['city', 'age', 'steady']);
  });

  it('renders a collapsed table of the moved columns only, escaped', async () => {
    const baseline = await profileOf('"<b>x</b>",steady\n1,1\n2,1\n');
    const candidate = await profileOf('"<b>x</b>",steady\n5,1\n9,1\n');
    const markdown = renderProfileDiff(diffProfiles(baseline, candidate));
    const html = micromark(markdown, {
      extensions: [gfm()],
      htmlExtensions: [gfmHtml()],
      allowDangerousHtml: true,
    });
    expect(markdown).toMatch(
      /^<details><summary>Training data vs the baseline's \(1 column moved\)<\/summary>/,
    );
    expect(html.match(/<tr>/g)).toHaveLength(2); // header + the one moved column
    expect(html).not.toContain('<b>x</b>');
    expect(markdown).toContain('1.5 → 7');
  });
});
