import type { Finding } from "./findings";

export type CopyField = "subject" | "subject2" | "subject3" | "preheader" | "body";
export type CopyRule =
  | "fake_urgency"
  | "fake_scarcity"
  | "guilt"
  | "confirmshaming"
  | "misleading_prefix"
  | "all_caps"
  | "exclamation";

export type CopyFinding = {
  rule: CopyRule;
  field: CopyField;
  line: number;
  phrase: string;
  /** Why this phrase is a problem: its pattern's own explanation, or its rule's. */
  why: string;
};

export const FIELD_LABELS: Record<CopyField, string> = {
  subject: "subject line",
  subject2: "second subject line",
  subject3: "third subject line",
  preheader: "preheader",
  body: "email text",
};

const RULES: Record<CopyRule, { title: string; why: string }> = {
  fake_urgency: {
    title: "Urgency",
    why: "Time pressure rushes people into buying. Keep it only if the offer really ends then, and say when.",
  },
  fake_scarcity: {
    title: "Scarcity",
    why: "Claims of low stock push people to buy before they have thought. Keep it only if it is true for every recipient.",
  },
  guilt: {
    title: "Guilt or shaming",
    why: "Making a customer feel bad for not buying is manipulative and damages trust.",
  },
  confirmshaming: {
    title: "Confirmshaming",
    why: "Wording a refusal so that it mocks the reader pressures them; a plain “No thanks” respects them.",
  },
  misleading_prefix: {
    title: "Misleading subject prefix",
    why: "“RE:” or “FWD:” pretends this email continues a conversation the recipient never had.",
  },
  all_caps: {
    title: "Shouting in capitals",
    why: "Words in capitals read as shouting and pressure; most mail programs also treat them as spam.",
  },
  exclamation: {
    title: "Exclamation pressure",
    why: "Strings of exclamation marks create excitement that the offer itself does not.",
  },
};

// Each pattern matches a whole phrase so that the finding can quote it. Word
// boundaries keep "re-order", "Forwarding" and "lasting" out. Guilt-tripping
// comes in several kinds, each explained in its own words; they are written
// narrowly ("unless you don't care", not "care") so that a shop saying it
// cares, or asking whether someone minds, is left alone.
const PHRASES: { rule: CopyRule; pattern: RegExp; why?: string }[] = [
  {
    rule: "fake_urgency",
    pattern:
      /\b(?:hurry(?: up)?|act (?:now|fast|quickly)|last chance|final (?:chance|hours|call)|don'?t miss out|(?:ends?|expires?|expiring|closes?|gone) (?:today|tonight|soon|at midnight|in \d+ (?:hours?|minutes?))|today only|limited[- ]time(?: only| offer)?|before it'?s (?:too late|gone)|now or never|(?:only )?\d+ (?:hours?|minutes?) left)\b/gi,
  },
  {
    rule: "fake_scarcity",
    pattern:
      /\b(?:only \d+(?: [a-z]+)? (?:left|remaining)|(?:almost|nearly) (?:gone|sold out)|selling (?:out )?fast|(?:while|until) stocks? lasts?|(?:very )?few (?:left|remaining)|low (?:in )?stock|running out)\b/gi,
  },
  {
    rule: "guilt",
    pattern:
      /\b(?:don'?t you (?:care|want|love|like|miss)[^.!?\n]*|unless you (?:don'?t|do not) care\b[^.!?,\n]*|we thought you(?:'d| would)? cared?\b[^.!?,\n]*)/gi,
    why: "It suggests the reader does not care unless they buy. Buying is not how caring is shown, and saying so shames them.",
  },
  {
    rule: "guilt",
    pattern: /\b(?:you(?:'ll| will) regret[^.!?\n]*|(?:it'?s |that'?s |fine,? )your loss\b)/gi,
    why: "It threatens a loss the reader cannot check, so that not buying feels like a mistake they will pay for.",
  },
  {
    rule: "guilt",
    pattern:
      /\b(?:you(?:'ve| have) forgotten (?:about )?us|did we do something wrong|we(?:'re| are) (?:hurt|heartbroken|disappointed in you)|you let us down|after all we(?:'ve| have) done[^.!?\n]*|why (?:did|have|would) you (?:leave|left|abandon(?:ed)?|ignore(?:d)?)[^.!?\n]*)/gi,
    why: "It makes the shop's feelings the reader's responsibility, as if not ordering had hurt someone.",
  },
  {
    rule: "guilt",
    pattern:
      /\b(?:if you (?:don'?t|do not) mind missing out|are you (?:really|sure you(?:'re| are)?) (?:going to |want to )?(?:leave|miss|walk away|give up|pass)[^.!?,\n]*)/gi,
    why: "It frames a choice not to buy as a failing to be ashamed of; a plain offer lets people decide.",
  },
  {
    rule: "confirmshaming",
    pattern:
      /\bno,? thanks?[,.]? i(?:'d| would)? (?:rather|prefer|don'?t|do not|hate|like paying|enjoy paying)[^.!?\n]*|\bno,? i (?:don'?t|do not|would rather|prefer|hate|like paying|enjoy paying)\b[^.!?\n]*|\bi (?:don'?t|do not) (?:want|like|need) (?:to save|saving|discounts?|deals?|bargains?|free)\b[^.!?,\n]*/gi,
  },
];

const SUBJECT_PREFIX = /^\s*((?:re|fwd?|aw|wg)\s*:)/i;

// Capitals that are names rather than shouting.
const ACRONYMS = new Set(
  "UK US USA EU UAE DIY FAQ FAQS VAT PDF ID OK TV DVD CD BBC NHS GMT UTC BST CET SPF UV AHA BHA ABV ISBN HTML NASA UNESCO LGBTQ RSVP PS TLC".split(
    " ",
  ),
);

/** Liquid tags become spaces, so their names never count as copy and line numbers stay right. */
function withoutLiquid(source: string): string {
  return source.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, (tag) => tag.replace(/[^\n]/g, " "));
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function capitals(text: string): { index: number; phrase: string }[] {
  const found: { index: number; phrase: string }[] = [];
  // A run of capitalised words: one long word, or two or more shorter ones ("BUY NOW").
  const run = /\b[A-Z][A-Z']*[A-Z](?:[ \t]+[A-Z][A-Z']*[A-Z])*\b/g;
  for (const m of text.matchAll(run)) {
    const words = m[0].split(/[ \t]+/).filter((w) => !ACRONYMS.has(w.replace(/'S$/, "")));
    const shouting = words.some((w) => w.length >= 4) || words.length >= 2;
    if (shouting) found.push({ index: m.index, phrase: m[0] });
  }
  return found;
}

function exclamations(text: string, isSubject: boolean): { index: number; phrase: string }[] {
  const runs = [...text.matchAll(/!{2,}/g)].map((m) => ({ index: m.index, phrase: m[0] }));
  if (runs.length > 0) return runs;
  const single = [...text.matchAll(/!/g)];
  const limit = isSubject ? 1 : 3;
  if (single.length <= limit) return [];
  return [{ index: single[0].index, phrase: `${single.length} exclamation marks` }];
}

/** Every manipulative phrase in one field, in reading order. Pure. */
export function lintField(field: CopyField, source: string): CopyFinding[] {
  const text = withoutLiquid(source);
  const isSubject = field.startsWith("subject");
  const hits: { rule: CopyRule; index: number; phrase: string; why?: string }[] = [];
  for (const { rule, pattern, why } of PHRASES) {
    for (const m of text.matchAll(pattern)) hits.push({ rule, index: m.index, phrase: m[0].trim(), why });
  }
  const prefix = isSubject ? SUBJECT_PREFIX.exec(text) : null;
  if (prefix) hits.push({ rule: "misleading_prefix", index: prefix.index, phrase: prefix[1] });
  for (const c of capitals(text)) hits.push({ rule: "all_caps", ...c });
  for (const e of exclamations(text, isSubject)) hits.push({ rule: "exclamation", ...e });
  return hits
    .sort((a, b) => a.index - b.index || a.rule.localeCompare(b.rule))
    .map((h) => ({
      rule: h.rule,
      field,
      line: lineAt(text, h.index),
      phrase: h.phrase,
      why: h.why ?? RULES[h.rule].why,
    }));
}

export function lintCopy(fields: Partial<Record<CopyField, string>>): CopyFinding[] {
  return (Object.keys(FIELD_LABELS) as CopyField[]).flatMap((f) =>
    fields[f] ? lintField(f, fields[f]) : [],
  );
}

/** The linter's findings for the owner; a phrase repeated in one field is one finding. */
export function copyFindings(fields: Partial<Record<CopyField, string>>): Finding[] {
  const findings = lintCopy(fields).map((f): Finding => ({
    id: `copy:${f.rule}:${f.field}:${f.phrase.toLowerCase()}`,
    kind: "copy",
    title: RULES[f.rule].title,
    detail: `“${f.phrase}” in the ${FIELD_LABELS[f.field]}${f.field === "body" ? `, line ${f.line}` : ""}.`,
    why: f.why,
  }));
  return findings.filter((f, i) => findings.findIndex((g) => g.id === f.id) === i);
}
