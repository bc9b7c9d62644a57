import { createHash } from "node:crypto";
import { recipientLinks } from "../../jobs/links";
import { signRecipientToken } from "../../jobs/tokens";
import { trackLinks } from "../../jobs/tracking";
import {
  compileCampaign,
  renderMessage,
  subjectVariantFor,
  type TemplateVariables,
} from "../../templates/campaign";

// Pins every byte a recipient receives, so that work on rendering speed can
// prove it changed nothing they see. A deliberate change to the output
// updates these snapshots in its own commit, saying why.

const SECRET = "s".repeat(32);
const PUBLIC_ID = "p".repeat(22);
const links = recipientLinks("https://tactful.test", { tokenSecret: SECRET }, PUBLIC_ID);
const clickUrl = `https://tactful.test/r/click/${signRecipientToken(SECRET, PUBLIC_ID, "click")}`;

const layout = {
  shopName: "Bean & Leaf <Roasters>",
  brandColor: "#7A3B2E",
  postalAddress: "1 Quay St, Bristol BS1 4DJ",
  preheader: "A note for you",
  links,
};

const campaign = compileCampaign({
  subject: '{{ customer.first_name | default: "Hello" }}, about your {{ last_purchase.name }}',
  subjectVariants: ["{{ shop.name }} picked these for {{ customer.last_name }}", "Fresh from the roaster"],
  preheader: "{{ reason }}",
  body: [
    'Hi {{ customer.first_name | default: "there" }} {{ customer.last_name }},',
    "{{ reason }}\r\n{% if last_purchase %}How is the {{ last_purchase.name }} from {{ last_purchase.date }}?{% endif %}",
    "This week at {{ shop.name }}: {% for p in products %}{{ p.name }} ({{ p.price }}){% unless forloop.last %}, {% endunless %}{% endfor %}",
    "{% if recommended.size > 0 %}You might like:\n{% for p in recommended %}- {{ p.name }} at {{ p.price }}\n{% endfor %}{% endif %}",
    "The autumn roast: https://beanandleaf.test/autumn?size=250g&grind=whole. Brewing guide at http://beanandleaf.test/brew, or write to mailto:hello@beanandleaf.test; www.example.com stays text.",
    "Code <SAVE10> for Fish & Chips fans, 100% \"real\" 'quotes'.",
    "   \n\n\n",
  ].join("\n\n"),
});

// The shapes owners write most, without the size comparison above, so that
// a faster path for them is pinned too.
const commonShapes = compileCampaign({
  subject: "{{ customer.first_name }}{% unless customer.first_name %}Hello{% endunless %}: {{ reason }}",
  preheader:
    '{% if last_purchase %}About the {{ last_purchase.name }}{% else %}{{ shop.name | default: "x" }}{% endif %}',
  body: [
    'Dear {{ customer.first_name | default: "friend" }} {{ customer.last_name | default: "" }},',
    "{% for p in products %}{{ forloop.index }}/{{ forloop.length }} {{ p.name }} ({{ p.price }}){% unless forloop.last %}, {% endunless %}{% else %}Nothing featured.{% endfor %}",
    "{% if recommended %}Picked for you:{% endif %}\n{% for r in recommended %}{% for p in products %}{% if forloop.first %}{{ r.name }} with {% endif %}{{ p.name }}{% unless forloop.last %} and {% endunless %}{% endfor %}; {% endfor %}",
    "{% if last_purchase %}Bought on {{ last_purchase.date }}{% elsif reason %}{{ reason }}{% else %}Welcome{% endif %}",
    "Visit https://beanandleaf.test/brew, {{ shop.name }}",
  ].join("\n\n"),
});

const hostile = "<b onmouseover=\"x\">Ada</b> & 'co'";
const base: TemplateVariables = {
  customer: { first_name: "Ada", last_name: "Lovelace" },
  shop: { name: "Bean & Leaf <Roasters>" },
  reason: "Your last order was 3 weeks ago.",
  products: [
    { name: "House Blend <250 g>", price: "£8.50" },
    { name: 'Filters & "papers"', price: "£3.00" },
  ],
  recommended: [
    { name: "Chemex filters (100)", price: "£7.00" },
    { name: "Sencha https://phish.test/tea", price: "£12.00" },
  ],
  last_purchase: { name: "Sencha", date: "2 November 2026" },
};

const recipients: [string, TemplateVariables][] = [
  ["plain", base],
  [
    "HTML in every customer field",
    {
      ...base,
      customer: { first_name: hostile, last_name: '"><img src=x onerror=alert(1)>' },
      reason: `Because <script>alert(1)</script>`,
      last_purchase: { name: "<i>Cup</i>", date: "1 May 2026" },
    },
  ],
  [
    "header-like newlines",
    {
      ...base,
      customer: { first_name: "Eve\r\nBcc: everyone@example.com", last_name: "X\nSubject: free" },
      last_purchase: { name: "Sencha\r\n\r\nSubject: free money", date: "today" },
    },
  ],
  [
    "a very long name",
    { ...base, customer: { first_name: "N".repeat(500), last_name: "Wolfeschlegel".repeat(40) } },
  ],
  ["emoji", { ...base, customer: { first_name: "Zoë 🌱☕", last_name: "👩‍👩‍👧 Family" } }],
  [
    "right-to-left text",
    {
      ...base,
      customer: { first_name: "مريم", last_name: "\u202Egnp.exe" },
      last_purchase: { name: "شاي أخضر", date: "2 November 2026" },
    },
  ],
  [
    "Liquid-looking names",
    {
      ...base,
      customer: { first_name: "{{ shop.name }}", last_name: "{% raw %}{% if x %}" },
      products: [{ name: "{{ reason }}", price: "{% endfor %}" }],
    },
  ],
  [
    "web addresses in customer data, one the owner also wrote",
    {
      ...base,
      customer: { first_name: "https://phish.test/login", last_name: "http://beanandleaf.test/brew" },
    },
  ],
  [
    "nothing optional",
    {
      customer: { first_name: "", last_name: "" },
      shop: { name: "Bean & Leaf <Roasters>" },
      reason: "",
      products: [],
      recommended: [],
      last_purchase: null,
    },
  ],
];

describe("rendered output", () => {
  it.each(recipients)(
    "is unchanged for %s, each subject variant, with and without click tracking",
    (_label, vars) => {
      const variants = [0, 1, 2].map((v) => renderMessage(campaign, vars, layout, v));
      expect(variants.map((m) => m.subject)).toMatchSnapshot("subjects");
      expect(new Set(variants.map((m) => m.html)).size).toBe(1);
      const [{ html, text }] = variants;
      expect(text).toMatchSnapshot("text");
      expect(html).toMatchSnapshot("html");
      expect(trackLinks(html, clickUrl)).toMatchSnapshot("tracked html");
    },
  );

  it("is unchanged for a plain campaign without a preheader, and a brand colour that is not one", () => {
    const plain = compileCampaign({ subject: "Hi", body: "Hello {{ customer.first_name }}\nbye" });
    const m = renderMessage(plain, base, { ...layout, brandColor: 'red" onload="x', preheader: "" });
    expect(m).toMatchSnapshot();
  });

  it.each(recipients)("is unchanged for %s in the campaign of common shapes", (_label, vars) => {
    expect(renderMessage(commonShapes, vars, layout)).toMatchSnapshot();
  });

  // Many recipients with varied data, pinned as one digest: a difference on
  // any of them shows here even where the cases above would not reach it.
  it.each([
    ["", campaign],
    [" in the campaign of common shapes", commonShapes],
  ])("is unchanged across a thousand generated recipients%s", (_label, compiled) => {
    const names = [
      "Ada",
      "",
      "Zoë 🌱",
      "مريم",
      hostile,
      "Eve\r\nBcc: x",
      "https://beanandleaf.test/brew",
      "{{ reason }}",
    ];
    const hash = createHash("sha256");
    for (let i = 0; i < 1000; i++) {
      const vars: TemplateVariables = {
        customer: { first_name: names[i % names.length], last_name: names[(i * 7 + 3) % names.length] },
        shop: base.shop,
        reason: i % 5 === 0 ? "" : `Your last order was ${(i % 9) + 2} weeks ago.`,
        products: base.products.slice(0, i % 3),
        recommended: i % 4 === 0 ? [] : [{ name: `Brewer #${i % 5} ${names[i % 3]}`, price: "£24.00" }],
        last_purchase:
          i % 6 === 0 ? null : { name: names[(i + 1) % names.length] || "Sencha", date: `${i % 28} May` },
      };
      const m = renderMessage(compiled, vars, { ...layout, preheader: `Note ${i}` }, subjectVariantFor(i, 3));
      hash.update(m.subject).update("\0").update(m.html).update("\0").update(m.text).update("\0");
    }
    expect(hash.digest("hex")).toMatchSnapshot();
  });
});
