import {
  matchesAudience,
  rulePaths,
  withoutRule,
  type Audience,
  type CustomerFeatures,
  type RulePath,
} from "../audience/rules";
import { ageOn } from "../policy/eligibility";
import type { Finding } from "./findings";

export type Dimension = "country" | "age";

/** One customer as fairness sees them: their groups, whether the campaign picked them, and what the rules look at. */
export type FairnessPerson = {
  groups: Record<Dimension, string | null>;
  selected: boolean;
  features: CustomerFeatures;
};

export type GroupRate = { group: string; selected: number; total: number; rate: number };

export type Disparity = {
  dimension: Dimension;
  low: GroupRate;
  high: GroupRate;
  /** The low group's rate as a share of the high group's; under 0.8 fails the four-fifths rule. */
  ratio: number;
  /** The audience rule whose removal narrows the gap most, with the ratio without it. */
  cause: { path: RulePath; ratio: number } | null;
};

export const FOUR_FIFTHS = 0.8;
// Smaller groups swing too much by chance to say anything about fairness.
export const MIN_GROUP = 20;

const AGE_BANDS: [number, string][] = [
  [65, "65+"],
  [55, "55–64"],
  [45, "45–54"],
  [35, "35–44"],
  [25, "25–34"],
  [0, "18–24"],
];

/**
 * The age band of an adult; null for unknown ages and for minors, whom the
 * policy leaves out on purpose and whose absence is not a disparity.
 */
export function ageBand(birthdate: string | null, now: Date, minorAge: number): string | null {
  const age = birthdate ? ageOn(birthdate, now) : null;
  if (age === null || age < minorAge) return null;
  return AGE_BANDS.find(([from]) => age >= from)![1];
}

export function selectionRates(
  people: FairnessPerson[],
  dimension: Dimension,
  selected: (p: FairnessPerson) => boolean = (p) => p.selected,
): GroupRate[] {
  const counts = new Map<string, { selected: number; total: number }>();
  for (const p of people) {
    const group = p.groups[dimension];
    if (group === null) continue;
    const c = counts.get(group) ?? { selected: 0, total: 0 };
    c.total++;
    if (selected(p)) c.selected++;
    counts.set(group, c);
  }
  return [...counts]
    .filter(([, c]) => c.total >= MIN_GROUP)
    .map(([group, c]) => ({ group, ...c, rate: c.selected / c.total }))
    .sort((a, b) => b.rate - a.rate || a.group.localeCompare(b.group));
}

function ratioBetween(rates: GroupRate[], low: string, high: string): number {
  const l = rates.find((r) => r.group === low)?.rate ?? 0;
  const h = rates.find((r) => r.group === high)?.rate ?? 0;
  return h === 0 ? 1 : l / h;
}

/**
 * The four-fifths rule per dimension: the least-selected group against the
 * most-selected one. When they differ too much, each audience rule is taken
 * out in turn (rules only, no policy) to find the one that opens the gap.
 */
export function findDisparities(people: FairnessPerson[], audience: Audience | null): Disparity[] {
  const disparities: Disparity[] = [];
  for (const dimension of ["country", "age"] as const) {
    const rates = selectionRates(people, dimension);
    if (rates.length < 2 || rates[0].rate === 0) continue;
    const high = rates[0];
    const low = rates[rates.length - 1];
    const ratio = low.rate / high.rate;
    if (ratio >= FOUR_FIFTHS) continue;
    let cause: Disparity["cause"] = null;
    if (audience) {
      const byRules = (a: Audience | null) =>
        ratioBetween(
          selectionRates(people, dimension, (p) => matchesAudience(a, p.features)),
          low.group,
          high.group,
        );
      const withAll = byRules(audience);
      for (const path of rulePaths(audience)) {
        const without = byRules(withoutRule(audience, path));
        if (without > withAll + 0.05 && (!cause || without > cause.ratio)) cause = { path, ratio: without };
      }
    }
    disparities.push({ dimension, low, high, ratio, cause });
  }
  return disparities;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;
const count = (n: number) => n.toLocaleString("en-GB");
const rateText = (r: GroupRate) =>
  `${r.group}: ${percent(r.rate)} (${count(r.selected)} of ${count(r.total)})`;
const DIMENSION_LABELS: Record<Dimension, string> = { country: "country", age: "age band" };

export function fairnessFindings(
  disparities: Disparity[],
  describeRule: (path: RulePath) => string,
): Finding[] {
  return disparities.map((d) => {
    const cause = d.cause
      ? ` The audience rule “${describeRule(d.cause.path)}” causes most of it: without it the ratio would be ${percent(d.cause.ratio)}.`
      : " No single audience rule causes it; it comes from who your rules and the policy leave out together, or from the campaign cap.";
    return {
      id: `fairness:${d.dimension}:${d.low.group}:${d.high.group}`,
      kind: "fairness",
      title: `Uneven selection by ${DIMENSION_LABELS[d.dimension]}`,
      detail:
        `Selection rates ${rateText(d.high)}; ${rateText(d.low)}. ` +
        `The lowest is ${percent(d.ratio)} of the highest; the four-fifths rule asks for at least 80%.${cause}`,
      why: "Leaving one group of customers out much more often than another can be unfair to them, even when no rule names the group.",
    };
  });
}
