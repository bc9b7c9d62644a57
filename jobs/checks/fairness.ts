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
import { underSelection, type Count } from "./significance";

export type Dimension = "country" | "age";

/**
 * One customer as fairness sees them: their groups, whether the campaign
 * picked them, whether they meet what the campaign is for (its audience
 * rules and, for a suggestion, what its email says of them), and what the
 * rules look at.
 */
export type FairnessPerson = {
  groups: Record<Dimension, string | null>;
  selected: boolean;
  qualified: boolean;
  features: CustomerFeatures;
};

export type GroupRate = { group: string; selected: number; total: number; rate: number };
export type Comparison = {
  group: string;
  selected: number;
  total: number;
  restSelected: number;
  restTotal: number;
};

export type Disparity = {
  dimension: Dimension;
  /** The group against everyone else compared, among all customers. */
  group: Comparison;
  /** The same among customers who meet what the campaign is for. */
  within: Comparison;
  /** The group's share of the customers compared, and of those selected. */
  shares: { customers: number; audience: number };
  /** The campaign's rules (or claim) explain the gap: among those who meet them, the group is not left out. */
  explained: boolean;
  /** When explained, the audience rule whose removal narrows the gap most, with the ratio without it. */
  cause: { path: RulePath; ratio: number } | null;
};

// A group is compared with everyone else in its dimension, and a warning
// needs three things at once, so that warnings are rare and real:
// - enough people (MIN_GROUP): a handful of customers swings by chance;
// - a large effect (FOUR_FIFTHS): selected at under four fifths of everyone
//   else's rate, the adverse-impact rule of thumb, so that a real but small
//   gap in a large shop does not warn;
// - significance: a one-sided two-proportion z-test, or Fisher's exact test
//   when a cell expects fewer than five (see significance.ts), at 5% split
//   across the groups compared (Bonferroni): with six age bands and a dozen
//   countries, one of them would otherwise fall short by chance in most
//   campaigns.
export const FOUR_FIFTHS = 0.8;
export const MIN_GROUP = 20;
export const ALPHA = 0.05;

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

/** Selected and total per known group of a dimension. */
function counted(people: FairnessPerson[], dimension: Dimension, selected: (p: FairnessPerson) => boolean) {
  const counts = new Map<string, Count>();
  for (const p of people) {
    const group = p.groups[dimension];
    if (group === null) continue;
    const c = counts.get(group) ?? { selected: 0, total: 0 };
    c.total++;
    if (selected(p)) c.selected++;
    counts.set(group, c);
  }
  return counts;
}

/** Each group's selection rate, for the review page; groups too small to compare are left out. */
export function selectionRates(people: FairnessPerson[], dimension: Dimension): GroupRate[] {
  return [...counted(people, dimension, (p) => p.selected)]
    .filter(([, c]) => c.total >= MIN_GROUP)
    .map(([group, c]) => ({ group, ...c, rate: c.selected / c.total }))
    .sort((a, b) => b.rate - a.rate || a.group.localeCompare(b.group));
}

function compare(counts: Map<string, Count>, group: string): Comparison {
  const g = counts.get(group) ?? { selected: 0, total: 0 };
  let restSelected = 0;
  let restTotal = 0;
  for (const [other, c] of counts) {
    if (other === group) continue;
    restSelected += c.selected;
    restTotal += c.total;
  }
  return { group, selected: g.selected, total: g.total, restSelected, restTotal };
}

/** Whether the group is selected less than everyone else, by more than chance and by enough to matter. */
function leftOut(c: Comparison, alpha: number): boolean {
  if (c.total === 0 || c.restTotal === 0) return false;
  const u = underSelection(
    { selected: c.selected, total: c.total },
    { selected: c.restSelected, total: c.restTotal },
  );
  return u.ratio < FOUR_FIFTHS && u.pValue < alpha;
}

const rateRatio = (c: Comparison) => {
  const rest = c.restTotal ? c.restSelected / c.restTotal : 0;
  return rest === 0 || c.total === 0 ? 1 : c.selected / c.total / rest;
};

/** The audience rule whose removal narrows the group's gap most, going by the rules alone. */
function causeOf(people: FairnessPerson[], dimension: Dimension, group: string, audience: Audience) {
  const byRules = (a: Audience | null) =>
    rateRatio(
      compare(
        counted(people, dimension, (p) => matchesAudience(a, p.features)),
        group,
      ),
    );
  const withAll = byRules(audience);
  let cause: Disparity["cause"] = null;
  for (const path of rulePaths(audience)) {
    const without = byRules(withoutRule(audience, path));
    if (without > withAll + 0.05 && (!cause || without > cause.ratio)) cause = { path, ratio: without };
  }
  return cause;
}

/**
 * The groups left out of the campaign (see the thresholds above), per
 * dimension. Each is then compared again among the customers who meet what
 * the campaign is for: when the gap is gone there, the campaign's own rule
 * explains it (a reorder reminder is for those due to reorder, and that they
 * are mostly of one age is the point), which is worth a note, not a warning.
 */
export function findDisparities(people: FairnessPerson[], audience: Audience | null): Disparity[] {
  const disparities: Disparity[] = [];
  const qualified = people.filter((p) => p.qualified);
  for (const dimension of ["country", "age"] as const) {
    const counts = counted(people, dimension, (p) => p.selected);
    const customers = [...counts.values()].reduce((n, c) => n + c.total, 0);
    // Both sides of a comparison need enough people: the group, and everyone else.
    const tested = [...counts]
      .filter(([, c]) => c.total >= MIN_GROUP && customers - c.total >= MIN_GROUP)
      .map(([g]) => g);
    const alpha = ALPHA / tested.length;
    const within = counted(qualified, dimension, (p) => p.selected);
    const audienceSize = [...counts.values()].reduce((n, c) => n + c.selected, 0);
    for (const group of tested.sort()) {
      const overall = compare(counts, group);
      if (!leftOut(overall, alpha)) continue;
      const among = compare(within, group);
      const explained = !leftOut(among, alpha);
      disparities.push({
        dimension,
        group: overall,
        within: among,
        shares: { customers: overall.total / customers, audience: overall.selected / audienceSize },
        explained,
        cause: explained && audience ? causeOf(people, dimension, group, audience) : null,
      });
    }
  }
  return disparities;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;
const count = (n: number) => n.toLocaleString("en-GB");
const rate = (selected: number, total: number) => percent(total ? selected / total : 0);
const DIMENSION_LABELS: Record<Dimension, string> = { country: "country", age: "age" };
const people = (d: Disparity) =>
  d.dimension === "country" ? `people in ${d.group.group}` : `people aged ${d.group.group}`;
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

function amongThem(d: Disparity): string {
  const w = d.within;
  return `among customers who meet its rules, ${count(w.selected)} of ${count(w.total)} ${people(d)} are selected (${rate(w.selected, w.total)}), against ${count(w.restSelected)} of ${count(w.restTotal)} of everyone else (${rate(w.restSelected, w.restTotal)})`;
}

/**
 * Each disparity in plain words: who, their share of the customers and of
 * the audience, and the numbers. One the campaign's own rules explain is a
 * note, shown without asking for acknowledgement; one they do not is a
 * warning the owner must acknowledge before approving.
 */
export function fairnessFindings(
  disparities: Disparity[],
  describeRule: (path: RulePath) => string,
): Finding[] {
  return disparities.map((d) => {
    const g = d.group;
    const what =
      `${capital(people(d))} are ${percent(d.shares.customers)} of your customers but ${percent(d.shares.audience)} of this audience: ` +
      `${count(g.selected)} of ${count(g.total)} selected (${rate(g.selected, g.total)}), against ${count(g.restSelected)} of ${count(g.restTotal)} of everyone else (${rate(g.restSelected, g.restTotal)}). `;
    const label = DIMENSION_LABELS[d.dimension];
    if (!d.explained) {
      return {
        id: `fairness:${d.dimension}:${g.group}`,
        kind: "fairness",
        severity: "warning",
        title: `Uneven selection by ${label}`,
        detail:
          what +
          `Too large to be chance with groups this size, and not explained by who the campaign is for: ${amongThem(d)}. ` +
          "The ranking, the cap or the frequency rules leave them out.",
        why: "Leaving one group of customers out much more often than others can be unfair to them, even when no rule names the group.",
      };
    }
    const rule = d.cause
      ? `the campaign's own rule “${describeRule(d.cause.path)}”`
      : "who the campaign is for (its rules, and what its email says of each recipient)";
    return {
      id: `fairness:${d.dimension}:${g.group}`,
      kind: "fairness",
      severity: "note",
      title: `Uneven by ${label}, as the campaign's rules select`,
      detail: what + `This follows from ${rule}: ${amongThem(d)}.`,
      why: "Nothing to acknowledge: check that the rule is what you meant, as a rule can leave out a group you did not have in mind.",
    };
  });
}
