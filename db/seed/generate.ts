import { CATALOGUE } from "./catalogue";
import type { CareReason, SensitiveKind } from "../schema";
import { CARE_NOTES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, PLACES, type Place } from "./names";
import { calibrateRateBoost, DAY, historyWindow, simulatePurchases, type Purchase } from "./purchases";
import { mixSeed, Random } from "./random";

export type GeneratedCategory = { name: string; sensitive: boolean; sensitiveKind: SensitiveKind | null };

export type GeneratedProduct = {
  sku: string;
  name: string;
  category: string;
  priceCents: number;
  replenishDays: number | null;
  /** As Shopify would make it from the name: the product's page is /products/<handle>. */
  handle: string;
};

export type GeneratedLine = { sku: string; quantity: number; unitPriceCents: number };

export type GeneratedOrder = { externalId: string; orderedAt: Date; lines: GeneratedLine[] };

export type GeneratedCustomer = {
  externalId: string;
  email: string;
  firstName: string;
  lastName: string;
  birthdate: string | null; // yyyy-mm-dd
  country: string;
  timezone: string;
  marketingConsent: boolean;
  consentSource: ConsentSource | null;
  consentAt: Date | null;
  needsCare: boolean;
  careReason: CareReason | null;
  careNote: string | null;
  suppression: "unsubscribed" | "bounced" | null;
  createdAt: Date;
  orders: GeneratedOrder[];
};

export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export type GenerateOptions = { seed: number; customers: number; ordersTarget: number; today: Date };

export type GeneratedShopData = {
  categories: GeneratedCategory[];
  products: GeneratedProduct[];
  /** Re-iterable: each pass generates the same customers afresh, one at a time. */
  customers: Iterable<GeneratedCustomer>;
};

// Shares of customers with each flag: enough of each that every exclusion
// the policy makes shows up in the demo.
const NO_ORDERS = 0.03;
const NO_CONSENT = 0.15;
const UNKNOWN_AGE = 0.3;
const MINOR = 0.015;
const NEEDS_CARE = 0.01;
const UNSUBSCRIBED = 0.015;
const BOUNCED = 0.005;
// Enough customers to calibrate the purchase rate within a few percent at any
// size, few enough that calibration stays well under a second.
const CALIBRATION_SAMPLE = 4000;
const YEAR = 365.25 * DAY;

// Independent random streams per customer, so the profile (which the
// calibration replays) never shifts when identity or basket draws change.
const STREAM = { profile: 10, identity: 11, basket: 12 } as const;

type Catalogue = ReturnType<typeof indexCatalogue>;

function indexCatalogue() {
  const products: GeneratedProduct[] = [];
  const productsByCategory = CATALOGUE.map((category, c) =>
    category.products.map((p, i) => {
      const product = {
        sku: `BL-${String(c + 1).padStart(2, "0")}${String(i + 1).padStart(2, "0")}`,
        name: p.name,
        category: category.name,
        priceCents: p.priceCents,
        replenishDays: p.replenishDays,
        handle: p.name
          .toLowerCase()
          .normalize("NFKD")
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, ""),
      };
      products.push(product);
      return product;
    }),
  );
  const byName = new Map(products.map((p) => [p.name, p]));
  const companions = new Map(
    CATALOGUE.flatMap((category) =>
      category.products.map((p) => [p.name, (p.goesWith ?? []).map((name) => byName.get(name)!)] as const),
    ),
  );
  // A customer's usual coffee or tea comes from a category whose products all run out.
  const stapleCategories = CATALOGUE.flatMap((category, c) =>
    category.products.every((p) => p.replenishDays !== null) ? [c] : [],
  );
  return {
    categories: CATALOGUE.map((c) => ({
      name: c.name,
      sensitive: c.sensitive,
      sensitiveKind: c.sensitiveKind ?? null,
    })),
    products,
    productsByCategory,
    productWeights: CATALOGUE.map((category) => category.products.map((p) => p.popularity)),
    categoryWeights: CATALOGUE.map((c) => c.popularity),
    stapleCategories,
    stapleCategoryWeights: stapleCategories.map((c) => CATALOGUE[c].popularity),
    placeWeights: PLACES.map((p) => p.weight),
    giftCategory: CATALOGUE.findIndex((c) => c.name === "Gift sets"),
    companions,
  };
}

type Profile = {
  place: Place;
  hasOrders: boolean;
  /** Category indexes; the first is a coffee or tea category, the staple's. */
  favourites: number[];
  staple: GeneratedProduct;
};

function drawProfile(catalogue: Catalogue, customerSeed: number): Profile {
  const random = new Random(mixSeed(customerSeed, STREAM.profile));
  const place = PLACES[random.weighted(catalogue.placeWeights)];
  const hasOrders = random.next() >= NO_ORDERS;
  const first = catalogue.stapleCategories[random.weighted(catalogue.stapleCategoryWeights)];
  // Two or three favourite categories, so that co-purchases cluster.
  const favourites = [first];
  const wanted = 1 + random.int(1, 2);
  while (favourites.length < wanted) {
    const c = random.weighted(catalogue.categoryWeights);
    if (!favourites.includes(c)) favourites.push(c);
  }
  const staple = catalogue.productsByCategory[first][random.weighted(catalogue.productWeights[first])];
  return { place, hasOrders, favourites, staple };
}

const purchaseProfile = (profile: Profile) => ({
  stapleReplenishDays: profile.staple.replenishDays!,
  utcOffsetHours: profile.place.utcOffsetHours,
});

/**
 * Deterministic synthetic shop data: the same options give the same data,
 * byte for byte. Customers come one at a time with their orders, so a million
 * of them never sit in memory together.
 */
export function generateShopData(options: GenerateOptions): GeneratedShopData {
  const catalogue = indexCatalogue();
  const window = historyWindow(options.today);
  const sample = Array.from({ length: Math.min(options.customers, CALIBRATION_SAMPLE) }, (_, i) => {
    const customerSeed = mixSeed(options.seed, i);
    const profile = drawProfile(catalogue, customerSeed);
    return profile.hasOrders ? { customerSeed, profile: purchaseProfile(profile) } : null;
  });
  const rateBoost = calibrateRateBoost(sample, window, options.ordersTarget / Math.max(options.customers, 1));

  function* customers(): Generator<GeneratedCustomer> {
    let orderNumber = 1000;
    for (let i = 0; i < options.customers; i++) {
      const customerSeed = mixSeed(options.seed, i);
      const profile = drawProfile(catalogue, customerSeed);
      const { regular, purchases } = profile.hasOrders
        ? simulatePurchases(customerSeed, purchaseProfile(profile), window, rateBoost)
        : { regular: false, purchases: [] };
      const identity = drawIdentity(new Random(mixSeed(customerSeed, STREAM.identity)), {
        index: i,
        today: options.today,
        window,
        firstOrderAt: purchases[0]?.at,
      });
      const basketRandom = new Random(mixSeed(customerSeed, STREAM.basket));
      const minor = identity.birthdate !== null && isMinor(identity.birthdate, options.today);
      const buyer = { ...profile, regular, minor };
      const orders = purchases.map((purchase) => ({
        externalId: `#${++orderNumber}`,
        orderedAt: new Date(purchase.at),
        lines: basket(basketRandom, catalogue, buyer, purchase),
      }));
      yield {
        ...identity,
        country: profile.place.country,
        timezone: profile.place.timezone,
        orders,
      };
    }
  }

  return {
    categories: catalogue.categories,
    products: catalogue.products,
    customers: { [Symbol.iterator]: customers },
  };
}

const asciiSlug = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function isMinor(birthdate: string, today: Date): boolean {
  return birthdate > isoDate(today.getTime() - 18 * YEAR);
}

function drawIdentity(
  random: Random,
  input: { index: number; today: Date; window: { start: number; end: number }; firstOrderAt?: number },
) {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const first = asciiSlug(firstName);
  const last = asciiSlug(lastName);
  const n = input.index + 1;
  // The index keeps every address unique; the shapes vary as real ones do.
  const localPart = [
    `${first}.${last}.${n}`,
    `${first}${last}${n}`,
    `${first[0]}.${last}${n}`,
    `${first}_${n}`,
  ][random.weighted([5, 3, 2, 1])];
  const email = `${localPart}@${random.pick(EMAIL_DOMAINS)}`;

  const ageRoll = random.next();
  const age =
    ageRoll < UNKNOWN_AGE ? null : ageRoll < UNKNOWN_AGE + MINOR ? minorAge(random) : adultAge(random);
  const birthdate = age === null ? null : isoDate(input.today.getTime() - age * YEAR);

  const consents = random.next() >= NO_CONSENT;
  const { start, end } = input.window;
  const firstOrderAt = input.firstOrderAt;
  let consentSource: ConsentSource | null = null;
  let createdAt: number;
  if (firstOrderAt === undefined) {
    // Signed up without buying: the newsletter form or a visit to the shop.
    createdAt = start + random.next() * (end - start);
    if (consents) consentSource = random.next() < 0.7 ? "newsletter signup" : "in-store";
  } else {
    const source = CONSENT_SOURCES[random.weighted(CONSENT_SOURCE_WEIGHTS)];
    if (consents) consentSource = source;
    // Customers exist from their first contact: the signup (which may predate
    // the order history), the shop counter, or the checkout.
    createdAt = firstOrderAt - (consents ? consentLeadMs(random, source) : 60_000);
  }
  const careRoll = random.next();
  const needsCare = careRoll < NEEDS_CARE;
  const suppressionRoll = random.next();
  return {
    externalId: `C${String(n).padStart(7, "0")}`,
    email,
    firstName,
    lastName,
    birthdate,
    marketingConsent: consents,
    consentSource,
    consentAt: consents ? new Date(createdAt) : null,
    needsCare,
    ...(needsCare ? careOf(random.pick(CARE_NOTES)) : { careReason: null, careNote: null }),
    suppression:
      suppressionRoll < UNSUBSCRIBED
        ? ("unsubscribed" as const)
        : suppressionRoll < UNSUBSCRIBED + BOUNCED
          ? ("bounced" as const)
          : null,
    createdAt: new Date(createdAt),
  };
}

// Minors are 15 to 17 today, clear of their birthdays so that the age the
// policy computes is the age drawn here.
function minorAge(random: Random): number {
  return random.int(15, 17) + 0.02 + 0.96 * random.next();
}

// Adults cluster around 40; redrawn rather than clamped, so that no birthdate
// is shared by a pile of customers at the limits.
function adultAge(random: Random): number {
  for (;;) {
    const age = 42 + 14 * random.normal();
    if (age >= 18.05 && age <= 85) return age;
  }
}

const CONSENT_SOURCES = ["checkout", "newsletter signup", "in-store"] as const;
const CONSENT_SOURCE_WEIGHTS = [60, 25, 15];

/** How long before their first order a customer agreed to marketing. */
function consentLeadMs(random: Random, source: ConsentSource): number {
  if (source === "checkout") return (30 + random.next() * 570) * 1000;
  if (source === "newsletter signup") return (1 + random.next() * 120) * DAY;
  return (1 + random.next() * 30 * 24) * 3_600_000;
}

const QUANTITY_WEIGHTS = [70, 22, 8];
const LINE_COUNT_WEIGHTS = [40, 30, 20, 10];

function addLine(lines: Map<string, GeneratedLine>, product: GeneratedProduct, quantity: number) {
  if (!lines.has(product.sku))
    lines.set(product.sku, { sku: product.sku, quantity, unitPriceCents: product.priceCents });
}

// Mostly from the customer's favourite categories; gift sets come into
// season in November and December.
function pickProduct(random: Random, catalogue: Catalogue, buyer: Buyer, giftSeason: boolean) {
  const roll = random.next();
  const c =
    roll < 0.2 && giftSeason
      ? catalogue.giftCategory
      : roll < 0.8
        ? random.pick(buyer.favourites)
        : random.weighted(catalogue.categoryWeights);
  // The shop does not sell alcohol to customers it knows are under 18.
  if (buyer.minor && catalogue.categories[c].sensitive) return buyer.staple;
  return catalogue.productsByCategory[c][random.weighted(catalogue.productWeights[c])];
}

type Buyer = Profile & { regular: boolean; minor: boolean };

/**
 * The lines of one order: the usual coffee or tea, then favourites and what
 * goes with them. Regulars buy their usual only when it runs out; others
 * pick it up now and then.
 */
function basket(random: Random, catalogue: Catalogue, buyer: Buyer, purchase: Purchase): GeneratedLine[] {
  const lines = new Map<string, GeneratedLine>();
  const wanted = 1 + random.weighted(LINE_COUNT_WEIGHTS);
  const giftSeason = new Date(purchase.at).getUTCMonth() >= 10;
  let last: GeneratedProduct | undefined;
  if (purchase.stapleQuantity > 0) {
    last = buyer.staple;
    addLine(lines, last, purchase.stapleQuantity);
  }
  for (let attempt = 0; (lines.size < wanted && attempt < 8) || lines.size === 0; attempt++) {
    const companions = last ? catalogue.companions.get(last.name)! : [];
    const product =
      companions.length > 0 && random.next() < 0.6
        ? random.pick(companions)
        : lines.size === 0 && !buyer.regular && random.next() < 0.4
          ? buyer.staple
          : pickProduct(random, catalogue, buyer, giftSeason);
    // A regular still has their usual at home until it runs out.
    if (buyer.regular && purchase.stapleQuantity === 0 && product === buyer.staple) continue;
    addLine(lines, product, 1 + random.weighted(QUANTITY_WEIGHTS));
    last = product;
  }
  return [...lines.values()];
}

const careOf = (c: (typeof CARE_NOTES)[number]) => ({ careReason: c.reason as CareReason, careNote: c.note });
