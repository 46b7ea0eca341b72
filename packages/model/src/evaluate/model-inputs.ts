import { DataError, readHeader, type ColumnTable } from '@mlops-actions/data';
import type { RawColumn } from '../onnx/linear-model';
import { missingFeatureOrder, type FeatureOrder } from '../scoring/features';
import { NonFiniteOutput } from '../scoring/scoring-error';
import type { Scores, ScoringModel } from '../scoring/scoring-model';
import { FLOAT_TYPES } from '../scoring/signature';

/**
 * Which data columns feed a model: one per input (our trainer's models), or — for one [N, D]
 * tensor input, as PyTorch, skl2onnx, tf2onnx and onnxmltools export — the feature order, given
 * (`features`), recorded (run.json, lineage.json) or read from the model's metadata.
 */
export interface ModelInputs {
  /** Data columns to read, in the model's order. */
  columns: string[];
  /** Set for a one-tensor model: the order that fills it. */
  order?: FeatureOrder;
}

/**
 * The data columns `model` needs. A one-tensor model with no known order is an error naming the
 * input, its width and the data's columns (read from the header; `exclude`, e.g. the target, left out).
 */
export async function modelInputs(
  model: ScoringModel,
  given: FeatureOrder | undefined,
  data: string | readonly string[],
  exclude: readonly string[] = [],
): Promise<ModelInputs> {
  const order = given ?? model.recordedFeatureOrder;
  const tensor = model.featureTensor(order?.columns);
  if (!tensor) return { columns: model.signature.inputs.map((input) => input.name) };
  if (order) return { columns: [...order.columns], order };
  const header = await readHeader(data);
  // A lone [N, D] input named like a column of the data is fed from that column, as before.
  if (header.includes(tensor.name)) return { columns: [tensor.name] };
  throw missingFeatureOrder(
    model.source,
    tensor,
    header.filter((name) => !exclude.includes(name)),
  );
}

/**
 * The model's inputs from the table: numbers for numeric inputs (missing → NaN), texts for string
 * inputs. A cell that is not a number where the model takes numbers is an error at its file and
 * line, naming the column and the input it feeds.
 */
export function modelColumns(
  model: ScoringModel,
  table: ColumnTable,
  inputs: ModelInputs,
  rows?: number,
): Map<string, RawColumn> {
  const columns = new Map<string, RawColumn>();
  const tensor = inputs.order ? model.featureTensor(inputs.order.columns) : undefined;
  const feeds = tensor
    ? inputs.columns.map((column) => ({ column, input: tensor }))
    : model.signature.inputs.map((input) => ({ column: input.name, input }));
  for (const { column, input } of feeds) {
    const all = table.columns.get(column)!;
    const texts = rows === undefined ? all : all.slice(0, rows);
    if (!FLOAT_TYPES.includes(input.type) && input.type !== 'int64' && input.type !== 'int32') {
      columns.set(column, texts);
      continue;
    }
    const numbers = new Float64Array(texts.length);
    for (let row = 0; row < texts.length; row++) {
      const text = texts[row]!;
      const value = text === null ? Number.NaN : Number(text);
      if (text !== null && (text.trim() === '' || Number.isNaN(value))) {
        const { file, line } = table.locate(row);
        throw new DataError(
          { file, line, column: 1 },
          `column "${column}" holds "${text}", but the model's input "${input.name}" (${input.type}) takes numbers there`,
          tensor
            ? 'fix the value, or check `features`: a text column cannot feed a numeric tensor'
            : 'fix the value or leave it empty',
        );
      }
      numbers[row] = value;
    }
    columns.set(column, numbers);
  }
  return columns;
}

/**
 * Scores the table's rows. A row the model gives no finite output for (NaN, ±Infinity) is an error at
 * that row's file and line, naming the inputs it lacks: a model trained without missing values (the
 * built-in trainer drops those rows) returns NaN for them, and "row 8" alone did not say where or why.
 */
export async function scoreTable(
  model: ScoringModel,
  table: ColumnTable,
  inputs: ModelInputs,
  source: string,
): Promise<Scores> {
  try {
    return await model.score(
      modelColumns(model, table, inputs),
      inputs.order ? { featureOrder: inputs.order.columns, featureSource: inputs.order.source } : {},
    );
  } catch (error) {
    if (!(error instanceof NonFiniteOutput) || error.row >= table.rows) throw error;
    const row = error.row;
    const { file, line } = table.locate(row);
    const missing = inputs.columns.filter((name) => table.columns.get(name)?.[row] === null);
    const lacks =
      missing.length === 0
        ? ''
        : `; its ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`;
    // The place is the file's line, not the row index.
    const what = `output "${error.output}" is ${error.value}`;
    throw new DataError(
      { file, line, column: 1 },
      `${source} gives no finite output for this row (${what})${lacks}`,
      missing.length === 0
        ? "check the row's values against the data the model was trained on"
        : 'the model cannot score missing values: fill them (e.g. with the training mean) or drop those rows',
    );
  }
}

/** One line for the log when a model's batch axis is fixed at 1. */
export function oneRowAtATimeNotice(model: ScoringModel): string | undefined {
  if (!model.takesOneRowAtATime) return undefined;
  const input = model.signature.inputs.find((i) => i.shape[0] === 1)!;
  return (
    `${model.source}: input "${input.name}" has a fixed batch size of 1, so rows are scored one at a time — ` +
    "export with a dynamic batch axis (torch.onnx.export(..., dynamic_axes={'input': {0: 'batch'}})) to score in batches, much faster"
  );
}
