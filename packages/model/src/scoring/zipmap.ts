import { node, tensorType } from '../onnx/builder';
import type { AttributeProto, ModelProto } from '../onnx/proto';
import { int64ToNumber } from '../onnx/proto';

/** Class labels recovered from a ZipMap node, in the order of its input's columns. */
export type ClassLabels = (string | number)[];

const utf8 = new TextDecoder();

/**
 * onnxruntime-node returns tensors only ("Non tensor type is temporarily not supported"), so a
 * ZipMap output — `seq(map(int64|string, float))`, one map per row — cannot be fetched. ZipMap only
 * relabels the columns of its float [N, K] input, so we replace it by an Identity and keep its
 * class labels: the output keeps its name and becomes that [N, K] tensor (skl2onnx's
 * `zipmap=False` produces the same graph). Mutates and returns `proto`; the map goes from output
 * name to class labels.
 */
export function unzipMapOutputs(proto: ModelProto): Map<string, ClassLabels> {
  const graph = proto.graph;
  const found = new Map<string, ClassLabels>();
  if (!graph) return found;
  for (const output of graph.output ?? []) {
    if (!output.type?.sequence_type) continue;
    const name = output.name ?? '';
    const nodes = graph.node ?? [];
    const index = nodes.findIndex((n) => n.op_type === 'ZipMap' && (n.output ?? []).includes(name));
    const zipMap = nodes[index];
    if (!zipMap) continue; // not a ZipMap: the loader reports it as an unsupported output
    const classes = zipMapClasses(zipMap.attribute ?? []);
    nodes[index] = node('Identity', [zipMap.input?.[0] ?? ''], [name], {
      name: `${zipMap.name ?? 'ZipMap'}/unzipped`,
    });
    output.type = tensorType('float', ['N', classes.length]);
    found.set(name, classes);
  }
  return found;
}

function zipMapClasses(attributes: AttributeProto[]): ClassLabels {
  for (const attribute of attributes) {
    if (attribute.name === 'classlabels_int64s') return (attribute.ints ?? []).map(int64ToNumber);
    if (attribute.name === 'classlabels_strings') return (attribute.strings ?? []).map((s) => utf8.decode(s));
  }
  return [];
}

/**
 * Class labels declared by the ai.onnx.ml classifier node that produces `output` (LinearClassifier,
 * SVMClassifier, TreeEnsembleClassifier: `classlabels_ints`/`classlabels_int64s`/`classlabels_strings`).
 */
export function classifierNodeClasses(proto: ModelProto, output: string): ClassLabels | undefined {
  const producer = (proto.graph?.node ?? []).find(
    (n) => (n.output ?? [])[0] === output && n.op_type?.endsWith('Classifier'),
  );
  for (const attribute of producer?.attribute ?? []) {
    if (attribute.name === 'classlabels_ints' || attribute.name === 'classlabels_int64s') {
      return (attribute.ints ?? []).map(int64ToNumber);
    }
    if (attribute.name === 'classlabels_strings') return (attribute.strings ?? []).map((s) => utf8.decode(s));
  }
  return undefined;
}
