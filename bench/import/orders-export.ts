import { createWriteStream } from "node:fs";

const HEADER =
  "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Country";

/**
 * Writes a deterministic Shopify orders export of `rows` rows: 1–5 line items
 * per order (order-level fields on the first row only, as Shopify writes
 * them), 50,000 customers, 300 products.
 */
export async function writeOrdersExport(path: string, rows: number) {
  const out = createWriteStream(path);
  let seed = 42;
  // mulberry32: small, fast and evenly spread.
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  out.write(`${HEADER}\n`);
  let written = 0;
  let order = 1000;
  const start = Date.UTC(2023, 0, 1);
  while (written < rows) {
    order += 1;
    const lines = Math.min(rows - written, 1 + Math.floor(random() * 5));
    const customer = Math.floor(random() * 50_000);
    const created = new Date(start + Math.floor(random() * 2.5 * 365 * 86_400_000))
      .toISOString()
      .replace("T", " ")
      .slice(0, 19);
    // Distinct products per order, as a shop's export has them.
    const first = Math.floor(random() * 300);
    const items = Array.from({ length: lines }, (_, i) => {
      const product = (first + i * 37) % 300;
      return { quantity: 1 + Math.floor(random() * 3), price: 5 + (product % 40), sku: `SKU-${product}` };
    });
    const subtotal = items.reduce((s, i) => s + i.quantity * i.price, 0).toFixed(2);
    const total = (Number(subtotal) + 3.5).toFixed(2);
    for (const [i, item] of items.entries()) {
      const first = i === 0;
      const orderLevel = first
        ? `paid,${created} +0000,fulfilled,,yes,GBP,${subtotal},3.50,0.00,${total},,0.00,Royal Mail,${created} +0000`
        : ",,,,,,,,,,,,,";
      const line = `${item.quantity},"Coffee ${item.sku}, 250g",${item.price.toFixed(2)},,${item.sku},true,true,fulfilled`;
      const billing = first ? `Customer ${customer},GB` : ",";
      if (!out.write(`#${order},customer${customer}@mail.co,${orderLevel},${line},${billing}\n`)) {
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      }
    }
    written += lines;
  }
  await new Promise((resolve) => out.end(resolve));
}
