import type { ScoringModel } from '../scoring/scoring-model';

/**
 * A loaded model version. A load swaps in a new one while requests may still run on the old
 * session, so the old one is released only once its last request is done.
 */
export class ServedModel {
  private active = 0;
  private retired = false;

  constructor(
    readonly name: string,
    readonly version: string,
    readonly model: ScoringModel,
  ) {}

  async use<T>(work: (model: ScoringModel) => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await work(this.model);
    } finally {
      this.active--;
      if (this.retired && this.active === 0) await this.model.release();
    }
  }

  async retire(): Promise<void> {
    this.retired = true;
    if (this.active === 0) await this.model.release();
  }
}
