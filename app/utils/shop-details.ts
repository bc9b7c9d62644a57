import { z } from "zod";
import { canonicalLocale, knownCurrency } from "../../templates/money";
import { shopWebAddress } from "../../templates/shop-links";

// Empty means "not said": no links to the shop, or prices in the defaults
// (GBP, en-GB) until the owner or an orders import says otherwise.
const optional = (read: (value: string) => string | null, message: string) =>
  z.string().transform((value, ctx) => {
    if (value.trim() === "") return null;
    const valid = read(value);
    if (!valid) ctx.addIssue({ code: "custom", message });
    return valid;
  });

/** The Settings form for the shop's website and the money its prices are shown in. */
export const ShopDetailsSchema = z.object({
  webAddress: optional(
    shopWebAddress,
    "Enter your shop's https address, such as https://yourshop.com, or leave it empty.",
  ),
  currency: optional(knownCurrency, "Enter a three-letter currency code, such as GBP, EUR or USD."),
  locale: optional(canonicalLocale, "Enter a language and region, such as en-GB, en-US or de-DE."),
});

export type ShopDetails = z.output<typeof ShopDetailsSchema>;
