import { compileCampaign, renderMessage, type TemplateVariables } from "../../templates/campaign";
import { ratePerSecond, type Benchmark } from "../harness";

const CAMPAIGN = {
  subject: '{{ customer.first_name | default: "Hello" }}, time for a fresh bag?',
  body: [
    'Hi {{ customer.first_name | default: "there" }},',
    "{{ reason }}",
    "Here is what we roasted this week at {{ shop.name }}:",
    "{% for p in products %}{{ p.name }} ({{ p.price }}){% unless forloop.last %}, {% endunless %}{% endfor %}",
    "Thank you for buying from a small roaster.",
  ].join("\n\n"),
};

const LAYOUT = {
  shopName: "Hilltop Coffee",
  brandColor: "#2f5d50",
  postalAddress: "1 High Street, Bristol BS1 4DJ",
  preheader: "Your last order was 3 weeks ago.",
  links: {
    why: "https://mail.example/r/why/x",
    preferences: "https://mail.example/r/preferences/x",
    unsubscribe: "https://mail.example/r/unsubscribe/x",
  },
};

const NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "", "Ken", "Margaret"];

function recipient(i: number): TemplateVariables {
  return {
    customer: { first_name: NAMES[i % NAMES.length], last_name: `Customer ${i}` },
    shop: { name: LAYOUT.shopName },
    reason: `Your last order was ${(i % 9) + 2} weeks ago.`,
    products: [
      { name: "House Blend 250 g", price: "£8.50" },
      { name: `Single origin #${i % 12}`, price: "£11.00" },
    ],
    recommended: [{ name: `Brewer #${i % 5}`, price: "£24.00" }],
    last_purchase: { name: "House Blend 250 g", date: "2 November 2026" },
  };
}

/**
 * Drafts: the campaign compiled once and filled per recipient (as the
 * drafting job does), against parsing the whole template again for each.
 */
export const render: Benchmark = {
  name: "render",
  what: "render drafts (compiled once, filled per recipient), one core",
  baselineWhat: "compiling the full template per recipient",
  unit: "drafts/s",
  sizes: { quick: 10_000, full: 100_000 },
  goal: 20_000,
  async prepare(size) {
    const people = Array.from({ length: size }, (_, i) => recipient(i));
    return {
      async run() {
        let started = performance.now();
        const compiled = compileCampaign(CAMPAIGN);
        let bytes = 0;
        for (const vars of people) bytes += renderMessage(compiled, vars, LAYOUT).html.length;
        const subject = ratePerSecond(size, started);

        // The same work, but compiling per recipient; a tenth of the size is
        // plenty to measure a rate this much slower.
        const few = people.slice(0, Math.max(1, Math.floor(size / 10)));
        started = performance.now();
        for (const vars of few) bytes += renderMessage(compileCampaign(CAMPAIGN), vars, LAYOUT).html.length;
        const baseline = ratePerSecond(few.length, started);
        if (bytes === 0) throw new Error("nothing was rendered");
        return { subject, baseline };
      },
      close: async () => {},
    };
  },
};
