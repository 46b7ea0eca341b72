import { scoringSpecFromSettings, type ScoringSpec } from '@mlops-actions/model';
import { UsageError } from './command';

/** The flags of every command that scores a model; the same meaning as the actions' inputs of those names. */
export const SCORING_FLAGS = {
  features: { type: 'string' },
  'output-kind': { type: 'string' },
  classes: { type: 'string' },
} as const;

/** `--features`, `--output-kind`, `--classes`, parsed as the actions parse their inputs. */
export function scoringFlags(flag: (name: string) => string | undefined): ScoringSpec {
  try {
    return scoringSpecFromSettings(flag, (name) => `--${name}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
