import {
  compileCampaign,
  renderMessage,
  TEMPLATE_FIELDS,
  subjectVariantFor,
  TemplateError,
  type TemplateVariables,
} from "../../templates/campaign";

const layout = {
  shopName: "Bean & Leaf",
  brandColor: "#7a3b2e",
  postalAddress: "1 Quay St, Bristol",
  preheader: "A note for you",
  links: {
    why: "https://shop.test/r/why/t1",
    preferences: "https://shop.test/r/preferences/t3",
    unsubscribe: "https://shop.test/r/unsubscribe/t2",
  },
};

function vars(first: string, last = "Lovelace"): TemplateVariables {
  return {
    customer: { first_name: first, last_name: last },
    shop: { name: "Bean & Leaf" },
    reason: "Your last order was 3 weeks ago.",
    products: [{ name: "House Blend <250 g>", price: "£8.50" }],
    recommended: [{ name: 'Filters & "papers"', price: "£3.00" }],
    last_purchase: null,
  };
}

const campaign = compileCampaign({
  subject: "For you, {{ customer.first_name }}",
  body: 'Hello {{ customer.first_name | default: "there" }},\n\n{{ reason }}\n\nFrom {{ shop.name }}',
});

describe("campaign templates", () => {
  it("fills fields per recipient, with paragraphs, products, links and the postal address", () => {
    const m = renderMessage(campaign, vars("Ada"), layout);
    expect(m.subject).toBe("For you, Ada");
    expect(m.html).toContain("<p");
    expect(m.html).toContain("Hello Ada,");
    expect(m.html).toContain("House Blend &lt;250 g&gt;");
    expect(m.html).toContain('href="https://shop.test/r/why/t1"');
    expect(m.html).toContain("1 Quay St, Bristol");
    expect(m.html).toContain("color:#7a3b2e");
    expect(m.text).toContain("Hello Ada,\n\nYour last order was 3 weeks ago.");
    expect(m.text).toContain("Unsubscribe: https://shop.test/r/unsubscribe/t2");
    expect(m.text).toContain("Bean & Leaf, 1 Quay St, Bristol");
  });

  it("uses the default for a missing first name", () => {
    expect(renderMessage(campaign, vars(""), layout).text).toMatch(/^Hello there,/);
  });

  it.each([
    ["a script tag", "<script>alert(1)</script>"],
    ["an attribute breaker", '"><img src=x onerror=alert(1)>'],
  ])("escapes %s in the HTML part and keeps it plain in the text part", (_label, hostile) => {
    const m = renderMessage(campaign, vars(hostile), layout);
    expect(m.html).not.toContain("<script>");
    expect(m.html).not.toContain("<img");
    expect(m.html).toContain("&lt;");
    expect(m.text).toContain(hostile);
  });

  it("escapes hostile data in every field it reaches: last name, products, shop name and address", () => {
    const hostile = '"><img src=x onerror=alert(1)>';
    const compiled = compileCampaign({ subject: "Hi", body: "{{ customer.last_name }} {{ shop.name }}" });
    const m = renderMessage(
      compiled,
      {
        ...vars("Ada", hostile),
        shop: { name: hostile },
        products: [{ name: hostile, price: "£1" }],
      },
      { ...layout, shopName: hostile, postalAddress: hostile, preheader: hostile },
    );
    expect(m.html).not.toContain("<img");
    expect(m.html.match(/&lt;img/g)!.length).toBeGreaterThanOrEqual(6);
    expect(m.text).toContain(`${hostile} ${hostile}`);
  });

  it("shows an owner's plain-text body as written in both parts", () => {
    const compiled = compileCampaign({ subject: "Hi", body: "Use code <SAVE10> for Fish & Chips" });
    const m = renderMessage(compiled, vars("Ada"), layout);
    expect(m.html).toContain("Use code &lt;SAVE10&gt; for Fish &amp; Chips");
    expect(m.text).toContain("Use code <SAVE10> for Fish & Chips");
  });

  it("keeps single line breaks inside a paragraph", () => {
    const compiled = compileCampaign({ subject: "Hi", body: "Line one\nLine two\n\nNext" });
    const m = renderMessage(compiled, vars("Ada"), layout);
    expect(m.html).toContain("Line one<br>Line two</p>");
    expect(m.text).toMatch(/^Line one\nLine two\n\nNext\n/);
  });

  it("never lets a line break into the subject", () => {
    const m = renderMessage(campaign, vars("Eve\r\nBcc: everyone@example.com"), layout);
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.subject).toBe("For you, Eve Bcc: everyone@example.com");
  });

  it.each([
    ["emoji", "Zoë 🌱☕"],
    ["right-to-left text", "مريم"],
    ["a very long name", "N".repeat(500)],
  ])("keeps %s intact", (_label, name) => {
    const m = renderMessage(campaign, vars(name), layout);
    expect(m.subject).toBe(`For you, ${name}`);
    expect(m.html).toContain(name);
    expect(m.text).toContain(name);
  });

  it("reports a misspelt field at its line", () => {
    const attempt = () => compileCampaign({ subject: "Hi", body: "Hello,\n\n{{ custmer.first_name }}" });
    expect(attempt).toThrow(TemplateError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ field: "body", line: 3 });
      expect((error as Error).message).toContain("custmer");
    }
  });

  it("reports an unclosed tag in the subject", () => {
    expect(() => compileCampaign({ subject: "{% if reason %}Hi", body: "Hello" })).toThrow(
      expect.objectContaining({ field: "subject", line: 1 }),
    );
  });

  it("reports an unclosed tag in the body at the line it opens", () => {
    expect(() =>
      compileCampaign({ subject: "Hi", body: "Hello,\n\n{% for p in products %}\n{{ p.name }}" }),
    ).toThrow(expect.objectContaining({ field: "body", line: 3 }));
  });

  it("documents every field it accepts, and each example compiles", () => {
    for (const f of TEMPLATE_FIELDS) {
      expect(() => compileCampaign({ subject: "Hi", body: f.example })).not.toThrow();
      expect(f.example).toContain(f.name.split(".")[0]);
    }
  });

  it("reports an unknown filter", () => {
    expect(() => compileCampaign({ subject: "Hi", body: "{{ reason | shout }}" })).toThrow(TemplateError);
  });
});

describe("subject variants, preheader and last purchase", () => {
  const variants = compileCampaign({
    subject: "A for {{ customer.first_name }}",
    subjectVariants: ["B for {{ customer.first_name }}", "C"],
    preheader: "{{ reason }}\r\nBcc: x@example.com",
    body: "{% if last_purchase %}How is the {{ last_purchase.name }} from {{ last_purchase.date }}?{% endif %}",
  });

  it("fills the chosen subject line, and a preheader without line breaks", () => {
    const filled = { ...vars("Ada"), last_purchase: { name: "Sencha", date: "2 November 2026" } };
    expect([0, 1, 2].map((v) => renderMessage(variants, filled, layout, v).subject)).toEqual([
      "A for Ada",
      "B for Ada",
      "C",
    ]);
    const m = renderMessage(variants, filled, layout);
    expect(m.html).toContain("Your last order was 3 weeks ago. Bcc: x@example.com</div>");
    expect(m.text).toContain("How is the Sencha from 2 November 2026?");
  });

  it("falls back to the layout's preheader, and leaves out a last purchase the customer does not have", () => {
    const plain = compileCampaign({ subject: "Hi", body: "{% if last_purchase %}Bought{% endif %}Hello" });
    const m = renderMessage(plain, vars("Ada"), layout);
    expect(m.html).toContain(">A note for you</div>");
    expect(m.text).toMatch(/^Hello\n/);
  });

  it.each([
    ["HTML", '<b onmouseover="x">Sencha</b>'],
    ["header-like newlines", "Sencha\r\nSubject: free money"],
    ["emoji", "Sencha 🍵✨"],
    ["right-to-left text", "شاي أخضر"],
    ["a very long name", "Sencha ".repeat(300)],
  ])("renders a last purchase with %s safely", (_label, name) => {
    const compiled = compileCampaign({
      subject: "About your {{ last_purchase.name }}",
      body: "How is the {{ last_purchase.name }}?",
    });
    const m = renderMessage(compiled, { ...vars("Ada"), last_purchase: { name, date: "today" } }, layout);
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).not.toContain("<b ");
    expect(m.text).toContain(name.replace(/\r\n/g, "\n").trim());
  });

  it("reports an error in a subject variant or the preheader under its own field", () => {
    expect(() =>
      compileCampaign({ subject: "Hi", subjectVariants: ["ok", "{{ oops }}"], body: "x" }),
    ).toThrow(expect.objectContaining({ field: "subject3", line: 1 }));
    expect(() => compileCampaign({ subject: "Hi", preheader: "{% if %}", body: "x" })).toThrow(
      expect.objectContaining({ field: "preheader" }),
    );
  });

  it("refuses a template that fails only for a customer without a last purchase", () => {
    const body = "{% if last_purchase %}{{ last_purchase.name }}{% else %}{{ customer.nickname }}{% endif %}";
    expect(() => compileCampaign({ subject: "Hi", body })).toThrow(
      expect.objectContaining({ field: "body", message: expect.stringContaining("nickname") }),
    );
  });

  it("spreads recipients evenly and stably across the variants", () => {
    const counts = [0, 0, 0];
    for (let id = 1; id <= 3000; id++) counts[subjectVariantFor(id, 3)]++;
    expect(Math.min(...counts)).toBeGreaterThan(900);
    expect(subjectVariantFor(42, 3)).toBe(subjectVariantFor(42, 3));
    expect(subjectVariantFor(42, 1)).toBe(0);
  });
});

describe("web addresses in the text", () => {
  const withLink = compileCampaign({
    subject: "Hi",
    body: "Hello {{ customer.first_name }},\n\nThe autumn roast: https://beanandleaf.test/autumn?size=250g&grind=whole.\n\nwww.example.com is not a link",
  });

  it("links the addresses the owner wrote, escaped, without the full stop after them", () => {
    const m = renderMessage(withLink, vars("Ada"), layout);
    expect(m.html).toContain(
      '<a href="https://beanandleaf.test/autumn?size=250g&amp;grind=whole" style="color:#7a3b2e">https://beanandleaf.test/autumn?size=250g&amp;grind=whole</a>.',
    );
    expect(m.html).not.toContain('href="www.example.com');
    expect(m.text).toContain("https://beanandleaf.test/autumn?size=250g&grind=whole.");
  });

  it("never links an address that came from customer data", () => {
    const m = renderMessage(withLink, vars("https://phish.test/login"), layout);
    expect(m.html).toContain("Hello https://phish.test/login,");
    expect(m.html).not.toContain('href="https://phish.test');
  });
});
