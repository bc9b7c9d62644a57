import type { Finding } from "./findings";

const DAY = 86_400_000;
export const RECENT_DAYS = 3;
// Below this share of recipients the numbers are shown but need no acknowledgement.
export const PUSHY_SHARE = 0.25;

export type Pushiness = {
  recipients: number;
  /** Recipients for whom this email is the last one the shop's cap allows in its window. */
  nearCap: number;
  /** Recipients who got a marketing email in the last RECENT_DAYS days. */
  recentlyEmailed: number;
  capCount: number;
  capWindowDays: number;
};

/** How hard this campaign presses on people already emailed. Pure. */
export function measurePushiness(input: {
  recentSends: Date[][];
  shop: { capCount: number; capWindowDays: number };
  now: Date;
}): Pushiness {
  const { shop, now } = input;
  const windowStart = now.getTime() - shop.capWindowDays * DAY;
  const recentStart = now.getTime() - RECENT_DAYS * DAY;
  let nearCap = 0;
  let recentlyEmailed = 0;
  for (const sends of input.recentSends) {
    // Emailed already in the window, and this email uses up what the cap allows.
    const inWindow = sends.filter((s) => s.getTime() > windowStart).length;
    if (inWindow >= 1 && inWindow >= shop.capCount - 1) nearCap++;
    if (sends.some((s) => s.getTime() > recentStart)) recentlyEmailed++;
  }
  // Only the two rule numbers: the result is stored and sent to the browser,
  // and a shop row carries its link-signing secret.
  const { capCount, capWindowDays } = shop;
  return { recipients: input.recentSends.length, nearCap, recentlyEmailed, capCount, capWindowDays };
}

export function pushinessFindings(p: Pushiness): Finding[] {
  const findings: Finding[] = [];
  const share = (n: number) => p.recipients > 0 && n / p.recipients >= PUSHY_SHARE;
  if (share(p.nearCap)) {
    findings.push({
      id: "pushiness:near_cap",
      kind: "pushiness",
      title: "Many recipients reach their limit",
      detail: `${p.nearCap} of ${p.recipients} recipients reach the limit of ${p.capCount} emails in ${p.capWindowDays} days with this one.`,
      why: "They will hear nothing else from you for a while, including anything more important than this.",
    });
  }
  if (share(p.recentlyEmailed)) {
    findings.push({
      id: "pushiness:recent",
      kind: "pushiness",
      title: "Many recipients were emailed recently",
      detail: `${p.recentlyEmailed} of ${p.recipients} recipients got an email from you in the last ${RECENT_DAYS} days.`,
      why: "Emails close together feel pushy and are the usual reason people unsubscribe.",
    });
  }
  return findings;
}
