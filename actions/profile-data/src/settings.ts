import * as core from '@actions/core';

/** The action's inputs, read and checked once. */
export interface Settings {
  data: string[];
  merge: string[];
  columns: string[];
  output: string;
}

export function readSettings(): Settings {
  const data = core.getMultilineInput('data');
  const merge = core.getMultilineInput('merge');
  if (data.length === 0 && merge.length === 0) {
    throw new Error('Give `data` (files to profile) or `merge` (profiles to merge), or both.');
  }
  const columns = core
    .getInput('columns')
    .split(/[,\n]/)
    .map((column) => column.trim())
    .filter(Boolean);
  return { data, merge, columns, output: core.getInput('output') || 'profile.json' };
}
