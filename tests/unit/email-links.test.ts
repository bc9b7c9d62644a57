import { describe, expect, it } from "vitest";
import { renderHtmlLayout, renderTextLayout, type LayoutInput } from "../../templates/layout";

const base: LayoutInput = {
  shopName: "Bean & Leaf",
  brandColor: "#2f5d50",
  postalAddress: "1 Quay St, Bristol",
  preheader: "",
  paragraphs: ["Hello"],
  products: [
    { name: "House <Blend>", price: "£8.50", url: "https://roastery.example/products/house?a=1&b=2" },
    { name: "Filters", price: "£7.00", url: null },
  ],
  links: { why: "https://t.test/why", preferences: "https://t.test/p", unsubscribe: "https://t.test/u" },
};

describe("links to buy in the email layout", () => {
  it("links a product row to its page, escaped, and leaves a product without one as text", () => {
    const html = renderHtmlLayout({ ...base, webAddress: "https://roastery.example" });
    expect(html).toContain(
      'href="https://roastery.example/products/house?a=1&amp;b=2" style="color:#2f5d50">House &lt;Blend&gt;</a>',
    );
    expect(html).not.toMatch(/<a [^>]*>Filters<\/a>/);
  });

  it("has one button to the shop, and the plain text carries the same addresses", () => {
    const input = { ...base, webAddress: "https://roastery.example" };
    const html = renderHtmlLayout(input);
    expect(html.match(/>Visit Bean &amp; Leaf<\/a>/g)).toHaveLength(1);
    expect(html).toContain('<a href="https://roastery.example" ');
    const text = renderTextLayout(input);
    expect(text).toContain("- House <Blend> (£8.50): https://roastery.example/products/house?a=1&b=2");
    expect(text).toContain("- Filters (£7.00)\n");
    expect(text).toContain("Visit Bean & Leaf: https://roastery.example");
  });

  it("names the product on the button when it is the only one featured", () => {
    const html = renderHtmlLayout({
      ...base,
      products: base.products.slice(0, 1),
      webAddress: "https://roastery.example",
    });
    expect(html).toContain(">See House &lt;Blend&gt;</a>");
  });

  it("carries no link to buy when the shop has no web address", () => {
    const html = renderHtmlLayout(base);
    expect(html).not.toContain("roastery.example");
    expect(renderTextLayout(base)).not.toContain("roastery.example");
  });
});
