import { CATALOGUE } from "./catalogue";
import { CARE_NOTES, CONSENT_SOURCES, FIRST_NAMES, LAST_NAMES, PLACES } from "./names";
import { createRandom, type Random } from "./random";

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

export type GeneratedProduct = {
  sku: string;
  name: string;
  category: string;
  sensitive: boolean;
  priceCents: number;
  replenishDays: number | null;
};

export type GeneratedOrder = {
  externalId: string;
  orderedAt: Date;
  lines: { sku: string; quantity: number; unitPriceCents: number }[];
};

export type GeneratedCustomer = {
  email: string;
  firstName: string;
  lastName: string;
  birthdate: string | null;
  country: string;
  timezone: string;
  marketingConsent: boolean;
  consentSource: string | null;
  consentAt: Date | null;
  needsCare: boolean;
  careNote: string | null;
  suppression: "unsubscribed" | "bounced" | null;
  createdAt: Date;
  orders: GeneratedOrder[];
};

export type GenerateOptions = { seed: number; customers: number; ordersTarget: number; today: Date };

// BG/NBD's story: each customer buys at their own Poisson rate (gamma
// distributed across customers) and may lapse after any purchase (dropout
// probability beta distributed). ORDERS_PER_CUSTOMER_AT_BASE is calibrated so
// that ordersTarget lands within a few percent at the demo's size (2,000
// customers, 20,000 orders); the rates scale with it.
const RATE_SHAPE = 1.1;
const RATE_SCALE_PER_DAY = 1 / 38;
const DROPOUT_A = 0.7;
const DROPOUT_B = 14;
const ORDERS_PER_CUSTOMER_AT_BASE = 7.2;

const asciiSlug = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();

export function generateProducts(): GeneratedProduct[] {
  return CATALOGUE.flatMap((category, c) =>
    category.products.map(([name, priceCents], p) => ({
      sku: `BL-${String(c + 1).padStart(2, "0")}${String(p + 1).padStart(2, "0")}`,
      name,
      category: category.name,
      sensitive: category.sensitive,
      priceCents,
      replenishDays: category.replenishDays,
    })),
  );
}

function isoDate(d: Date) {
  return d.toISOString().slice(0, 10);
}

function birthdate(random: Random, today: Date): string | null {
  const roll = random.next();
  if (roll < 0.3) return null;
  // About 1.5% of customers are 15 to 17 years old.
  const age = roll < 0.315 ? random.int(15, 17) : random.int(18, 82);
  const born = new Date(today.getTime() - (age + random.next()) * YEAR);
  return isoDate(born);
}

function place(random: Random) {
  const total = PLACES.reduce((s, p) => s + p.weight, 0);
  let roll = random.next() * total;
  for (const p of PLACES) if ((roll -= p.weight) < 0) return p;
  return PLACES[0];
}

/** Deterministic synthetic customers with their order histories, one at a time. */
export function* generateCustomers(options: GenerateOptions): Generator<GeneratedCustomer> {
  const random = createRandom(options.seed);
  const products = generateProducts();
  const byCategory = new Map<string, GeneratedProduct[]>();
  for (const p of products) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
  const categoryNames = [...byCategory.keys()];
  const end = options.today.getTime();
  const start = end - 2 * YEAR;
  const rateBoost = options.ordersTarget / options.customers / ORDERS_PER_CUSTOMER_AT_BASE;
  let orderNumber = 1000;

  for (let n = 1; n <= options.customers; n++) {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const where = place(random);
    const firstPurchase = start + random.next() * (end - start - DAY);
    const rate = random.gamma(RATE_SHAPE, RATE_SCALE_PER_DAY) * rateBoost;
    const dropout = random.beta(DROPOUT_A, DROPOUT_B);
    // Two or three favourite categories, so co-purchases cluster.
    const favourites = [
      random.pick(categoryNames.slice(0, 4)),
      random.pick(categoryNames),
      random.pick(categoryNames),
    ];
    const staple = random.pick(byCategory.get(favourites[0])!);
    const regular = random.next() < 0.3 && staple.replenishDays !== null;

    const orders: GeneratedOrder[] = [];
    const noOrders = random.next() < 0.03;
    let t = firstPurchase;
    while (!noOrders && t < end) {
      const lineCount = random.int(1, 4);
      const lines = new Map<string, GeneratedOrder["lines"][number]>();
      for (let l = 0; l < lineCount; l++) {
        const product =
          l === 0 && random.next() < 0.7
            ? staple
            : random.pick(
                byCategory.get(random.next() < 0.8 ? random.pick(favourites) : random.pick(categoryNames))!,
              );
        if (!lines.has(product.sku)) {
          lines.set(product.sku, {
            sku: product.sku,
            quantity: random.int(1, 3),
            unitPriceCents: product.priceCents,
          });
        }
      }
      const hour = random.int(7, 21) * 3_600_000 + random.int(0, 3_599) * 1000;
      const orderedAt = new Date(Math.floor(t / DAY) * DAY + hour);
      if (orderedAt.getTime() < end)
        orders.push({ externalId: `#${++orderNumber}`, orderedAt, lines: [...lines.values()] });
      if (random.next() < dropout) break;
      // Regulars reorder their staple about when it runs out; others at their own rate.
      const gapDays = regular
        ? staple.replenishDays! * (0.8 + 0.4 * random.next())
        : -Math.log(1 - random.next()) / Math.max(rate, 1e-4);
      t += Math.max(1, gapDays) * DAY;
    }

    const createdAt = new Date(Math.floor(firstPurchase / DAY) * DAY - random.int(0, 30) * DAY);
    const consents = random.next() >= 0.15;
    const careRoll = random.next();
    const suppressionRoll = random.next();
    yield {
      email: `${asciiSlug(firstName)}.${asciiSlug(lastName)}.${n}@${random.pick(["example.com", "example.org", "example.net"])}`,
      firstName,
      lastName,
      birthdate: birthdate(random, options.today),
      country: where.country,
      timezone: where.timezone,
      marketingConsent: consents,
      consentSource: consents ? random.pick(CONSENT_SOURCES) : null,
      consentAt: consents ? createdAt : null,
      needsCare: careRoll < 0.01,
      careNote: careRoll < 0.01 ? random.pick(CARE_NOTES) : null,
      suppression: suppressionRoll < 0.015 ? "unsubscribed" : suppressionRoll < 0.02 ? "bounced" : null,
      createdAt,
      orders,
    };
  }
}
