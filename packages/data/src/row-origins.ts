/**
 * Where each row of a dataset read in batches came from: batches are recorded in reading order with
 * their first row and each row's physical line, and a row is found by binary search over them, so an
 * error about row r can name its file and line without a number kept per row beyond the batch's own.
 */
export class RowOrigins {
  private readonly batches: { file: string; firstRow: number; lines: Int32Array }[] = [];

  get size(): number {
    return this.batches.length;
  }

  /** Records the next batch: its file, the dataset row of its first row, and each row's line. */
  add(file: string, firstRow: number, lines: Int32Array): void {
    this.batches.push({ file, firstRow, lines });
  }

  /** The file and line of a dataset row; undefined before any batch was added. */
  locate(row: number): { file: string; line: number } | undefined {
    let low = 0;
    let high = this.batches.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.batches[mid]!.firstRow <= row) low = mid;
      else high = mid - 1;
    }
    const batch = this.batches[low];
    return batch ? { file: batch.file, line: batch.lines[row - batch.firstRow] ?? 0 } : undefined;
  }
}
