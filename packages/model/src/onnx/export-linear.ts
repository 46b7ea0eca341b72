import {
  ML_DOMAIN,
  attr,
  graph,
  model,
  node,
  sequenceOfMapsType,
  tensor,
  tensorType,
  valueInfo,
} from './builder';
import type { ElementType } from './builder';
import { encodeModel, DataType } from './proto';
import type { ModelProto, NodeProto, TensorProto, ValueInfoProto } from './proto';
import { designColumns, outputCount } from './linear-model';
import type { LinearModel } from './linear-model';
import { METADATA } from './metadata';

export interface LinearExportOptions {
  /**
   * Element type of the numeric inputs. `float` (default) is what most ONNX producers declare and
   * most callers feed; the graph casts to double at once, so only that input rounding differs from
   * the trainer. `double` makes the export exact.
   */
  numericType?: 'float' | 'double';
  /**
   * Classifier outputs: `tensor` (default) — `label` int64 [N] (an index into the `classes`
   * metadata) and `probabilities` float [N, K]; `zipmap` — ai.onnx.ml LinearClassifier + ZipMap,
   * as skl2onnx emits: `label` holds the class values and `probabilities` is `seq(map(key, float))`.
   */
  classifierOutput?: 'tensor' | 'zipmap';
  /**
   * Element type of the `prediction` and tensor `probabilities` outputs: `float` (default, what
   * consumers expect) or `double`, which returns the graph's double values unrounded.
   */
  outputType?: 'float' | 'double';
  /** Graph name; defaults to `linear_<task>`. */
  name?: string;
}

/** Names of the values the graph creates; the `/mlops/` prefix keeps them apart from column names. */
const v = (name: string) => `/mlops/${name}`;

/**
 * Writes a fitted linear model as an ONNX graph that includes its preprocessing, so the model takes
 * the raw columns as named inputs ([N, 1] each):
 *
 * ```
 * numeric x_i (float|double [N,1]) ─Cast(double)─┐
 *                                       Concat ─ Sub(mean) ─ Div(std) ──────────────────────┐
 * categorical c_j (string [N,1]) ─ OneHotEncoder(categories, zeros=1) ─ Reshape[N,K_j] ─┐   │
 *                                                      Concat ─ Cast(double) ────────────┴─ Concat ─ features [N,D]
 * features ─ MatMul(W [D,K]) ─ Add(b [K]) ─ scores [N,K] (double)
 *   regression: scores ─ Cast(float) ─ prediction [N,1]
 *   binary:     scores ─ Sigmoid ─ p; Concat(1 − p, p) ─ ArgMax ─ label int64 [N]; ─ Cast(float) ─ probabilities [N,2]
 *   multiclass: scores ─ Softmax ─ ArgMax ─ label int64 [N]; ─ Cast(float) ─ probabilities [N,K]
 *   zipmap:     features ─ LinearClassifier(SOFTMAX) ─ label [N], scores ─ ZipMap ─ probabilities seq(map)
 * ```
 *
 * Everything up to the outputs is computed in double precision, so the exported model reproduces
 * the trainer's float64 predictions up to the float32 rounding of its inputs and outputs.
 * `metadata_props` carry the task, the class labels and the encodings (see `METADATA`).
 */
export function linearModelProto(fitted: LinearModel, options: LinearExportOptions = {}): ModelProto {
  validate(fitted);
  const numericType: ElementType = options.numericType ?? 'float';
  const inputs: ValueInfoProto[] = [];
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const blocks: string[] = [];

  const numeric = fitted.features.filter((f) => f.kind === 'numeric');
  if (numeric.length > 0) {
    const columns = numeric.map((feature) => {
      inputs.push(valueInfo(feature.name, tensorType(numericType, ['N', 1]), 'numeric'));
      if (numericType === 'double') return feature.name;
      nodes.push(
        node('Cast', [feature.name], [v(`${feature.name}/double`)], {
          attributes: [attr.int('to', DataType.DOUBLE)],
        }),
      );
      return v(`${feature.name}/double`);
    });
    initializers.push(
      tensor(
        v('mean'),
        'double',
        [numeric.length],
        numeric.map((f) => f.mean),
      ),
      tensor(
        v('std'),
        'double',
        [numeric.length],
        numeric.map((f) => f.std),
      ),
    );
    nodes.push(
      node('Concat', columns, [v('numeric')], { attributes: [attr.int('axis', 1)] }),
      node('Sub', [v('numeric'), v('mean')], [v('numeric/centered')]),
      node('Div', [v('numeric/centered'), v('std')], [v('numeric/standardized')]),
    );
    blocks.push(v('numeric/standardized'));
  }

  const categorical = fitted.features.filter((f) => f.kind === 'categorical');
  if (categorical.length > 0) {
    const oneHots = categorical.map((feature) => {
      inputs.push(valueInfo(feature.name, tensorType('string', ['N', 1]), 'categorical'));
      const shape = v(`${feature.name}/shape`);
      initializers.push(tensor(shape, 'int64', [2], [-1, feature.categories.length]));
      nodes.push(
        // zeros=1: a category unseen in training encodes as all zeros instead of failing.
        node('OneHotEncoder', [feature.name], [v(`${feature.name}/onehot3d`)], {
          domain: ML_DOMAIN,
          attributes: [attr.strings('cats_strings', feature.categories), attr.int('zeros', 1)],
        }),
        // OneHotEncoder appends the category axis: [N, 1] → [N, 1, K]; drop the middle axis.
        node('Reshape', [v(`${feature.name}/onehot3d`), shape], [v(`${feature.name}/onehot`)]),
      );
      return v(`${feature.name}/onehot`);
    });
    nodes.push(
      node('Concat', oneHots, [v('onehot/float')], { attributes: [attr.int('axis', 1)] }),
      node('Cast', [v('onehot/float')], [v('onehot')], { attributes: [attr.int('to', DataType.DOUBLE)] }),
    );
    blocks.push(v('onehot'));
  }

  nodes.push(node('Concat', blocks, [v('features')], { attributes: [attr.int('axis', 1)] }));
  const head =
    fitted.task !== 'regression' && options.classifierOutput === 'zipmap'
      ? zipMapHead(fitted)
      : tensorHead(fitted, options.outputType ?? 'float');
  nodes.push(...head.nodes);
  initializers.push(...head.initializers);

  const metadata: Record<string, string> = {
    [METADATA.task]: fitted.task,
    [METADATA.features]: JSON.stringify(fitted.features),
    // One input per column already names them; recorded anyway so every model we write says its order.
    [METADATA.featureNames]: JSON.stringify(fitted.features.map((f) => f.name)),
  };
  if (fitted.classes) metadata[METADATA.classes] = JSON.stringify(fitted.classes);
  return model({
    graph: graph({
      name: options.name ?? `linear_${fitted.task}`,
      // Declared in `features` order, whatever order the graph consumes them in.
      inputs: fitted.features.map((f) => inputs.find((input) => input.name === f.name) as ValueInfoProto),
      outputs: head.outputs,
      nodes,
      initializers,
    }),
    metadata,
    docString: `Linear ${fitted.task} model with its preprocessing (standardization, one-hot encoding).`,
  });
}

/** `linearModelProto`, serialized to ONNX bytes. */
export function exportLinearModel(fitted: LinearModel, options: LinearExportOptions = {}): Uint8Array {
  return encodeModel(linearModelProto(fitted, options));
}

interface Head {
  nodes: NodeProto[];
  initializers: TensorProto[];
  outputs: ValueInfoProto[];
}

function tensorHead(fitted: LinearModel, outputType: 'float' | 'double'): Head {
  const width = designColumns(fitted.features).length;
  const k = outputCount(fitted);
  const initializers = [
    tensor(v('weights'), 'double', [width, k], fitted.weights),
    tensor(v('intercepts'), 'double', [k], fitted.intercepts),
  ];
  const nodes = [
    node('MatMul', [v('features'), v('weights')], [v('linear')]),
    node('Add', [v('linear'), v('intercepts')], [v('scores')]),
  ];
  const toFloat = [attr.int('to', outputType === 'double' ? DataType.DOUBLE : DataType.FLOAT)];
  if (fitted.task === 'regression') {
    nodes.push(node('Cast', [v('scores')], ['prediction'], { attributes: toFloat }));
    return { nodes, initializers, outputs: [valueInfo('prediction', tensorType(outputType, ['N', 1]))] };
  }
  if (fitted.task === 'binary') {
    initializers.push(tensor(v('one'), 'double', [], [1]));
    nodes.push(
      node('Sigmoid', [v('scores')], [v('positive')]),
      node('Sub', [v('one'), v('positive')], [v('negative')]),
      node('Concat', [v('negative'), v('positive')], [v('probabilities')], {
        attributes: [attr.int('axis', 1)],
      }),
    );
  } else {
    nodes.push(node('Softmax', [v('scores')], [v('probabilities')], { attributes: [attr.int('axis', 1)] }));
  }
  // ArgMax keeps the first maximum, so p = 0.5 predicts classes[0], as scikit-learn does.
  nodes.push(
    node('ArgMax', [v('probabilities')], ['label'], {
      attributes: [attr.int('axis', 1), attr.int('keepdims', 0)],
    }),
    node('Cast', [v('probabilities')], ['probabilities'], { attributes: toFloat }),
  );
  const classes = fitted.classes?.length ?? 0;
  return {
    nodes,
    initializers,
    outputs: [
      valueInfo('label', tensorType('int64', ['N']), 'index into the mlops-actions:classes metadata'),
      valueInfo('probabilities', tensorType(outputType, ['N', classes])),
    ],
  };
}

/**
 * LinearClassifier takes class-major coefficients (K × D). A binary model becomes two rows,
 * [0, w] with intercepts [0, b]: softmax([0, s]) = [1 − σ(s), σ(s)], the same probabilities.
 */
function zipMapHead(fitted: LinearModel): Head {
  const width = designColumns(fitted.features).length;
  const classes = fitted.classes ?? [];
  const k = outputCount(fitted);
  const coefficients = new Float64Array(classes.length * width);
  const intercepts = new Float64Array(classes.length);
  const firstRow = fitted.task === 'binary' ? 1 : 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < width; d++)
      coefficients[(c + firstRow) * width + d] = fitted.weights[d * k + c] as number;
    intercepts[c + firstRow] = fitted.intercepts[c] as number;
  }
  const integerLabels = classes.every((c) => typeof c === 'number' && Number.isInteger(c));
  const labels = integerLabels
    ? attr.ints('classlabels_ints', classes as number[])
    : attr.strings('classlabels_strings', classes.map(String));
  const zipLabels = integerLabels
    ? attr.ints('classlabels_int64s', classes as number[])
    : attr.strings('classlabels_strings', classes.map(String));
  return {
    nodes: [
      node('LinearClassifier', [v('features')], ['label', v('class_scores')], {
        domain: ML_DOMAIN,
        attributes: [
          attr.floats('coefficients', coefficients),
          attr.floats('intercepts', intercepts),
          labels,
          attr.string('post_transform', 'SOFTMAX'),
        ],
      }),
      node('ZipMap', [v('class_scores')], ['probabilities'], { domain: ML_DOMAIN, attributes: [zipLabels] }),
    ],
    initializers: [],
    outputs: [
      valueInfo('label', tensorType(integerLabels ? 'int64' : 'string', ['N'])),
      valueInfo('probabilities', sequenceOfMapsType(integerLabels ? 'int64' : 'string')),
    ],
  };
}

function validate(fitted: LinearModel): void {
  const names = fitted.features.map((f) => f.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined)
    throw new Error(`feature "${duplicate}" appears twice; input names must be unique`);
  const reserved = names.find(
    (name) => name === 'label' || name === 'probabilities' || name === 'prediction',
  );
  if (reserved !== undefined)
    throw new Error(`feature "${reserved}" has the name of a model output; rename the column`);
  if (names.length === 0) throw new Error('a model needs at least one feature');
  const k = outputCount(fitted);
  const width = designColumns(fitted.features).length;
  if (fitted.weights.length !== width * k || fitted.intercepts.length !== k) {
    throw new Error(
      `weights hold ${fitted.weights.length} values and intercepts ${fitted.intercepts.length}; ` +
        `the design has ${width} columns × ${k} outputs`,
    );
  }
  if (fitted.task === 'binary' && fitted.classes?.length !== 2)
    throw new Error('a binary model needs exactly 2 classes');
  if (fitted.task === 'multiclass' && (fitted.classes?.length ?? 0) < 2) {
    throw new Error('a multiclass model needs at least 2 classes');
  }
}
