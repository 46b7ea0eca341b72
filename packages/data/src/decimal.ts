// Exact powers of ten (10^22 is the largest exactly representable one).
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const TWO_53 = 2 ** 53;
/** Veltkamp's splitter 2^27 + 1: splits a double into two halves whose products are exact. */
const SPLITTER = 134_217_729;
/** Bound on the relative error of the double-double result below, with a wide margin. */
const DOUBLE_DOUBLE_ERROR = 2 ** -96;

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/**
 * The double nearest to (head · 10^tailDigits + tail) · 10^exponent, where `head` holds the first 15
 * significant digits and `tail` the next `tailDigits` (at most 4); NaN when this cannot decide it
 * cheaply, and the caller should use `Number` on the text.
 *
 * Up to 2^53 with |exponent| ≤ 22 it is one correctly rounded IEEE operation (Clinger 1990). Past 2^53
 * (16–19 digits, as pandas and numpy write floats) it computes the value in double-double arithmetic
 * (Dekker 1971), relative error far below 2^-96, and rounds; only a value that close to a halfway point
 * between two doubles is left to `Number`, so the result always equals `Number(text)`.
 */
export function decimalToDouble(head: number, tailDigits: number, tail: number, exponent: number): number {
  if (exponent > 22 || exponent < -22) return Number.NaN;
  const scale = POW10[exponent < 0 ? -exponent : exponent] as number;
  const whole = head * (POW10[tailDigits] as number) + tail;
  if (tailDigits === 0 || whole < TWO_53) {
    if (whole >= TWO_53) return Number.NaN;
    return exponent >= 0 ? whole * scale : whole / scale;
  }
  // The digits as an exact double-double (hi, lo): head · 10^tailDigits is an exact product, plus tail.
  let hi = twoProductHigh(head, POW10[tailDigits] as number);
  let lo = productError;
  const sum = hi + tail;
  lo += tail - (sum - hi) + (hi - (sum - (sum - hi)));
  hi = normalize(sum, lo);
  lo = normalizedLow;
  if (exponent > 0) {
    const product = twoProductHigh(hi, scale);
    hi = normalize(product, productError + lo * scale);
    lo = normalizedLow;
  } else if (exponent < 0) {
    const quotient = hi / scale;
    const product = twoProductHigh(quotient, scale);
    hi = normalize(quotient, (hi - product - productError + lo) / scale);
    lo = normalizedLow;
  }
  // hi is the double nearest to hi + lo; it is wrong only if the true value could sit on the other
  // side of the halfway point between hi and its neighbour.
  float[0] = hi;
  // Just above a power of two the gap below is half the gap above; leave those rare cases to Number.
  if (words[0] === 0 && ((words[1] as number) & 0xfffff) === 0) return Number.NaN;
  const halfUlp = ulp(hi) / 2;
  if (Math.abs(Math.abs(lo) - halfUlp) <= Math.abs(hi) * DOUBLE_DOUBLE_ERROR) return Number.NaN;
  return hi;
}

/** Error of the last twoProductHigh: a · b = result + productError exactly (Dekker's TwoProduct). */
let productError = 0;

function twoProductHigh(a: number, b: number): number {
  const product = a * b;
  let c = SPLITTER * a;
  const aHigh = c - (c - a);
  const aLow = a - aHigh;
  c = SPLITTER * b;
  const bHigh = c - (c - b);
  const bLow = b - bHigh;
  productError = aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
  return product;
}

/** Low part of the last normalize: hi + lo = result + normalizedLow exactly. */
let normalizedLow = 0;

/** fl(hi + lo), leaving the rounding error in normalizedLow (Knuth's TwoSum); no array per call. */
function normalize(hi: number, lo: number): number {
  const sum = hi + lo;
  const back = sum - hi;
  normalizedLow = hi - (sum - back) + (lo - back);
  return sum;
}

/** POW2[e] = 2^(e − 1075): the gap between doubles whose biased exponent is e (Math.pow is slow). */
const POW2 = Float64Array.from({ length: 2048 }, (_, e) => 2 ** (e - 1075));

/** Distance from a normal double to the next one away from zero. */
function ulp(value: number): number {
  float[0] = value;
  return POW2[((words[1] as number) >>> 20) & 0x7ff] as number;
}
