/**
 * Hand-encodes a tiny ONNX model (protobuf wire format, field numbers from onnx.proto) so tests
 * can run real inference without a model file: `y = x + x` over a float tensor of shape [n].
 */
export function doublingModel(n: number): Uint8Array {
  const tensorType = message([
    field(1, varint(1)),
    field(2, message([field(1, message([field(1, varint(n))]))])),
  ]);
  const valueInfo = (name: string) =>
    message([field(1, text(name)), field(2, message([field(1, tensorType)]))]);
  const node = message([
    field(1, text('x')),
    field(1, text('x')),
    field(2, text('y')),
    field(4, text('Add')),
  ]);
  const graph = message([
    field(1, node),
    field(2, text('double')),
    field(11, valueInfo('x')),
    field(12, valueInfo('y')),
  ]);
  const opset = message([field(1, text('')), field(2, varint(13))]);
  return message([field(1, varint(8)), field(7, graph), field(8, opset)]).bytes;
}

type Encoded = { wireType: 0 | 2; bytes: Uint8Array };

function varint(value: number): Encoded {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return { wireType: 0, bytes: Uint8Array.from(bytes) };
}

function text(value: string): Encoded {
  return { wireType: 2, bytes: new TextEncoder().encode(value) };
}

function field(number: number, value: Encoded): Uint8Array {
  const key = varint((number << 3) | value.wireType).bytes;
  const length = value.wireType === 2 ? varint(value.bytes.length).bytes : new Uint8Array();
  return concat([key, length, value.bytes]);
}

function message(fields: Uint8Array[]): Encoded {
  return { wireType: 2, bytes: concat(fields) };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
