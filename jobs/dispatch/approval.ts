import { createHash } from "node:crypto";

// What an owner approves is the exact content: the campaign's own fields and
// every recipient's rendered message. These hashes pin it down so that any
// later change, however it is made, is caught before anything is sent.

type MessageContent = { customerId: number; subject: string; html: string; text: string };
type CampaignContent = {
  name: string;
  subject: string;
  body: string;
  featuredCategoryId: number | null;
  featuredProductIds: number[];
  audienceLimit: number | null;
  subjectVariants: string[];
  preheader: string;
  audienceRules: unknown;
  sendWindow: unknown;
  removedCustomerIds: number[];
};

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export function messageHash(m: MessageContent): string {
  return sha256(JSON.stringify([m.customerId, m.subject, m.html, m.text]));
}

/** The campaign's fields plus its audience snapshot: who gets which message. */
export function campaignHash(campaign: CampaignContent, messages: { customerId: number; hash: string }[]) {
  const audience = [...messages].sort((a, b) => a.customerId - b.customerId);
  const hash = createHash("sha256").update(
    JSON.stringify([
      campaign.name,
      campaign.subject,
      campaign.body,
      campaign.featuredCategoryId,
      campaign.featuredProductIds,
      campaign.audienceLimit,
      campaign.subjectVariants,
      campaign.preheader,
      campaign.audienceRules,
      // Only when set, so that campaigns approved before windows existed keep their hash.
      ...(campaign.sendWindow ? [campaign.sendWindow] : []),
      ...(campaign.removedCustomerIds.length > 0 ? [campaign.removedCustomerIds] : []),
    ]),
  );
  for (const m of audience) hash.update(`\n${m.customerId}:${m.hash}`);
  return hash.digest("hex");
}
