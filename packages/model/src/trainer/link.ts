/** log(1 + eˢ) without overflow. */
export function softplus(s: number): number {
  return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
}

/** σ(s) = 1 / (1 + e⁻ˢ), the probability of `classes[1]` for the logit s. */
export function sigmoid(s: number): number {
  return 1 / (1 + Math.exp(-s));
}
