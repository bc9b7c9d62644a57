// Every price Tactful shows, in emails and on the dashboard, goes through
// moneyFormat, in the shop's currency and locale. Prices are stored as
// integer hundredths of the currency's unit and never converted.

export type ShopMoney = { currency: string | null; locale: string | null };

// What every shop showed before it had a currency and locale of its own.
const DEFAULT_CURRENCY = "GBP";
const DEFAULT_LOCALE = "en-GB";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** The ISO 4217 code in capitals, or null when it is not a currency. */
export function knownCurrency(code: string): string | null {
  const upper = code.trim().toUpperCase();
  return CURRENCIES.has(upper) ? upper : null;
}

/** The BCP 47 tag in its canonical form, or null when it is not one or no formats exist for it. */
export function canonicalLocale(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    return canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0 ? canonical : null;
  } catch {
    return null;
  }
}

// Constructing an Intl formatter costs about 60 us, and drafting formats
// prices for every recommended product of every recipient.
const formatters = new Map<string, (cents: number) => string>();

/** Formats hundredths of the shop's currency, e.g. 850 as "£8.50" or "8,50 €". */
function settings(shop: ShopMoney) {
  return {
    currency: (shop.currency && knownCurrency(shop.currency)) ?? DEFAULT_CURRENCY,
    locale: (shop.locale && canonicalLocale(shop.locale)) ?? DEFAULT_LOCALE,
  };
}

export function moneyFormat(shop: ShopMoney): (cents: number) => string {
  const { currency, locale } = settings(shop);
  const key = `${currency} ${locale}`;
  let format = formatters.get(key);
  if (!format) {
    const intl = new Intl.NumberFormat(locale, { style: "currency", currency });
    format = (cents) => intl.format(cents / 100);
    formatters.set(key, format);
  }
  return format;
}

/** The sign the shop's prices carry ("£", "$", "€"), to label a field that takes an amount. */
export function currencySymbol(shop: ShopMoney): string {
  const { currency, locale } = settings(shop);
  const parts = new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(0);
  return parts.find((p) => p.type === "currency")?.value ?? "";
}
