/** Numbers as a reviewer reads them: 4 significant digits, thousands kept whole. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(4)));
}

/** A signed change: `+0.031`, `−0.002`, `0`. */
export function formatSigned(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  if (value === 0) return '0';
  return value > 0 ? `+${formatNumber(value)}` : `−${formatNumber(-value)}`;
}
