// Whether one group is selected less often than everyone else by more than
// chance explains. Pure.

export type Count = { selected: number; total: number };
export type UnderSelection = {
  /** The group's selection rate as a share of everyone else's: the four-fifths rule's ratio. */
  ratio: number;
  /** One-sided: the chance of a gap at least this large if selection ignored the group. */
  pValue: number;
  test: "z" | "fisher";
};

// Below five expected in any cell the normal approximation is poor, and the
// exact test is cheap: the usual rule of thumb for a 2×2 table.
const MIN_EXPECTED = 5;

/** Abramowitz and Stegun 7.1.26: the error function to about 1e-7, plenty for a p-value. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const y = 1 - poly * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

const normalCdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

/** ln(n!) by summing, cached: the tables here have at most a shop's customers. */
const logFactorials = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return logFactorials[n];
}

const logChoose = (n: number, k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/** Fisher's exact test, one-sided: the chance the group gets `group.selected` or fewer of all those selected. */
function fisherLower(group: Count, rest: Count): number {
  const total = group.total + rest.total;
  const selected = group.selected + rest.selected;
  const denominator = logChoose(total, selected);
  let p = 0;
  for (let x = Math.max(0, selected - rest.total); x <= group.selected; x++)
    p += Math.exp(logChoose(group.total, x) + logChoose(rest.total, selected - x) - denominator);
  return Math.min(1, p);
}

/** The two-proportion z-test (pooled), one-sided toward the group being selected less. */
function zLower(group: Count, rest: Count): number {
  const pooled = (group.selected + rest.selected) / (group.total + rest.total);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / group.total + 1 / rest.total));
  if (se === 0) return 1;
  return normalCdf((group.selected / group.total - rest.selected / rest.total) / se);
}

export function underSelection(group: Count, rest: Count): UnderSelection {
  const restRate = rest.selected / rest.total;
  const ratio = restRate === 0 ? 1 : group.selected / group.total / restRate;
  const selected = group.selected + rest.selected;
  const total = group.total + rest.total;
  const expected = [group.total, rest.total].flatMap((n) => [
    (n * selected) / total,
    (n * (total - selected)) / total,
  ]);
  return Math.min(...expected) < MIN_EXPECTED
    ? { ratio, pValue: fisherLower(group, rest), test: "fisher" }
    : { ratio, pValue: zLower(group, rest), test: "z" };
}
