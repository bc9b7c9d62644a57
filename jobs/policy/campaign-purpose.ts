import type { Suggestion } from "../../db/schema";

/**
 * What an email was, in words for its recipient: the kind of campaign and
 * what it featured. The owner's name for a campaign is theirs alone (the form
 * says "Only you see this"), so recipient pages describe it by this instead.
 */
export function campaignPurpose(campaign: {
  kind: Suggestion["kind"] | null;
  featuredCategory: string | null;
  featuredProducts: number;
}): string {
  const range = campaign.featuredCategory ? ` from our ${campaign.featuredCategory} range` : "";
  switch (campaign.kind) {
    case "replenish":
      return `a reminder for customers likely to be due to reorder${range}`;
    case "win_back":
      return "a note to customers who have not ordered for a while";
    case "new_product":
      return "news of a new product, for customers who buy from its range";
    default:
      if (campaign.featuredCategory) return `an email about our ${campaign.featuredCategory} range`;
      if (campaign.featuredProducts > 0) return "an email about some of our products";
      return "an email to our customers";
  }
}
