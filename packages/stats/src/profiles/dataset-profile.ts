import { columnRecord } from '@mlops-actions/data';
import type { DataFormat } from '@mlops-actions/data';
import { ColumnProfile } from './column-profile';
import type { ColumnProfileJSON } from './column-profile';

export const PROFILE_SCHEMA = 'mlops-actions/profile';
export const PROFILE_SCHEMA_VERSION = 1;

/** A file a profile was made from, with what `train` records about its data. */
export interface ProfiledFile {
  path: string;
  format: DataFormat;
  compressed: boolean;
  bytes: number;
  sha256: string;
  rows: number;
}

export interface DatasetProfileJSON {
  schema: typeof PROFILE_SCHEMA;
  schemaVersion: typeof PROFILE_SCHEMA_VERSION;
  rows: number;
  columns: Record<string, ColumnProfileJSON>;
  files: ProfiledFile[];
  /** Things noticed while reading (e.g. a file with a header but no rows), as `file:line:column: …`. */
  warnings: string[];
}

/** The profile of a dataset: one ColumnProfile per column, the files read and their row counts. */
export class DatasetProfile {
  rows = 0;
  readonly columns = new Map<string, ColumnProfile>();
  files: ProfiledFile[] = [];
  warnings: string[] = [];

  column(name: string): ColumnProfile {
    const column = this.columns.get(name);
    if (!column)
      throw new Error(
        `the profile has no column "${name}" (columns: ${[...this.columns.keys()].join(', ')})`,
      );
    return column;
  }

  /** Adds another profile of the same columns (e.g. another shard) to this one. */
  merge(other: DatasetProfile): this {
    const mine = [...this.columns.keys()];
    const theirs = [...other.columns.keys()];
    const missing = mine.filter((name) => !other.columns.has(name));
    const extra = theirs.filter((name) => !this.columns.has(name));
    if (missing.length > 0 || extra.length > 0) {
      const differences = [
        missing.length > 0 ? `only the first has ${missing.map((name) => `"${name}"`).join(', ')}` : '',
        extra.length > 0 ? `only the second has ${extra.map((name) => `"${name}"`).join(', ')}` : '',
      ].filter(Boolean);
      throw new Error(
        `cannot merge profiles of different columns: ${differences.join('; ')} — profile the same columns`,
      );
    }
    for (const [name, column] of this.columns) column.merge(other.columns.get(name) as ColumnProfile);
    this.rows += other.rows;
    this.files = [...this.files, ...other.files];
    this.warnings = [...this.warnings, ...other.warnings];
    return this;
  }

  toJSON(): DatasetProfileJSON {
    // No prototype: a column named "__proto__" is a key, not the object's prototype.
    const columns = columnRecord<ColumnProfileJSON>();
    for (const [name, column] of this.columns) columns[name] = column.toJSON();
    return {
      schema: PROFILE_SCHEMA,
      schemaVersion: PROFILE_SCHEMA_VERSION,
      rows: this.rows,
      columns,
      files: this.files,
      warnings: this.warnings,
    };
  }

  /** Reads a profile back; a profile of another schema version is refused with a clear message. */
  static fromJSON(json: unknown): DatasetProfile {
    const candidate = json as Partial<DatasetProfileJSON> | null;
    if (candidate === null || typeof candidate !== 'object' || candidate.schema !== PROFILE_SCHEMA) {
      throw new Error(
        `not a data profile: expected "schema": "${PROFILE_SCHEMA}" — pass a profile.json written by profile-data`,
      );
    }
    if (candidate.schemaVersion !== PROFILE_SCHEMA_VERSION) {
      throw new Error(
        `profile schema version ${String(candidate.schemaVersion)} is not supported (this version reads ${PROFILE_SCHEMA_VERSION}) — make the profile again with this version of mlops-actions`,
      );
    }
    if (
      typeof candidate.columns !== 'object' ||
      candidate.columns === null ||
      Array.isArray(candidate.columns)
    ) {
      throw new Error(
        `the profile's "columns" is ${candidate.columns === null ? 'null' : Array.isArray(candidate.columns) ? 'a list' : typeof candidate.columns}, not a mapping of column names to column profiles — make the profile again with profile-data`,
      );
    }
    const profile = new DatasetProfile();
    profile.rows = candidate.rows ?? 0;
    profile.files = candidate.files ?? [];
    profile.warnings = candidate.warnings ?? [];
    for (const [name, column] of Object.entries(candidate.columns)) {
      profile.columns.set(name, ColumnProfile.fromJSON(name, column));
    }
    return profile;
  }
}

/** The profile of the union of two datasets' rows, from their profiles; neither input is changed. */
export function mergeProfiles(
  first: DatasetProfile | DatasetProfileJSON,
  second: DatasetProfile | DatasetProfileJSON,
): DatasetProfile {
  const copy = (profile: DatasetProfile | DatasetProfileJSON) =>
    DatasetProfile.fromJSON(profile instanceof DatasetProfile ? profile.toJSON() : profile);
  return copy(first).merge(copy(second));
}
