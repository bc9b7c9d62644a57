import { z } from "zod";
import { canonicalLocale, knownCurrency } from "../../templates/money";
import { shopWebAddress } from "../../templates/shop-links";

/** The Settings form for the shop's website and the money its prices are shown in. */
export const ShopDetailsSchema = z.object({
  webAddress: z.string().transform((value, ctx) => {
    if (value.trim() === "") return null;
    const address = shopWebAddress(value);
    if (!address)
      ctx.addIssue({
        code: "custom",
        message: "Enter your shop's https address, such as https://yourshop.com, or leave it empty.",
      });
    return address;
  }),
  currency: z.string().transform((value, ctx) => {
    const code = knownCurrency(value);
    if (!code)
      ctx.addIssue({
        code: "custom",
        message: "Enter a three-letter currency code, such as GBP, EUR or USD.",
      });
    return code ?? "";
  }),
  locale: z.string().transform((value, ctx) => {
    const tag = canonicalLocale(value);
    if (!tag)
      ctx.addIssue({
        code: "custom",
        message: "Enter a language and region, such as en-GB, en-US or de-DE.",
      });
    return tag ?? "";
  }),
});

export type ShopDetails = z.output<typeof ShopDetailsSchema>;
