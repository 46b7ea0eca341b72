/**
 * Solves `A x = b` for a symmetric positive-definite P × P matrix `A` (row-major; only its lower
 * triangle is read) by the Cholesky factorization A = L Lᵀ, then forward and back substitution
 * (Golub & Van Loan, Matrix Computations, alg. 4.2.1). Returns undefined when a pivot is not
 * positive relative to its diagonal entry (≤ 1e-13 · A_jj), i.e. A is singular or indefinite in
 * floating point. The loops run in a fixed order, so the result is bit-reproducible.
 */
export function choleskySolve(a: Float64Array, b: Float64Array): Float64Array | undefined {
  const p = b.length;
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let pivot = a[j * p + j] as number;
    for (let k = 0; k < j; k++) pivot -= (l[j * p + k] as number) ** 2;
    if (!(pivot > 1e-13 * Math.abs(a[j * p + j] as number))) return undefined;
    const diagonal = Math.sqrt(pivot);
    l[j * p + j] = diagonal;
    for (let i = j + 1; i < p; i++) {
      let sum = a[i * p + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * p + k] as number) * (l[j * p + k] as number);
      l[i * p + j] = sum / diagonal;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let sum = x[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * p + k] as number) * (x[k] as number);
    x[i] = sum / (l[i * p + i] as number);
  }
  for (let i = p - 1; i >= 0; i--) {
    let sum = x[i] as number;
    for (let k = i + 1; k < p; k++) sum -= (l[k * p + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * p + i] as number);
  }
  return x;
}
