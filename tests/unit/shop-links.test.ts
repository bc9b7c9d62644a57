import { describe, expect, it } from "vitest";
import { callToAction, productLink, shopWebAddress } from "../../templates/shop-links";

describe("shopWebAddress", () => {
  it("takes an https address and keeps only its origin and path", () => {
    expect(shopWebAddress("https://roastery.example")).toBe("https://roastery.example");
    expect(shopWebAddress("  https://Roastery.example/shop/ ")).toBe("https://roastery.example/shop");
  });
  it("refuses anything but a plain https address", () => {
    for (const bad of [
      "http://roastery.example",
      "roastery.example",
      "javascript:alert(1)",
      "https://user:pw@roastery.example",
      "https://roastery.example/?q=1",
      "https://roastery.example/#top",
      "https://localhost",
      "",
    ])
      expect(shopWebAddress(bad), bad).toBeNull();
  });
});

describe("productLink", () => {
  const shop = "https://roastery.example";
  it("builds the product page from the shop's address and the handle", () => {
    expect(productLink({ webAddress: shop, handle: "house-blend", url: null })).toBe(
      "https://roastery.example/products/house-blend",
    );
    expect(productLink({ webAddress: `${shop}/uk`, handle: "a b/c", url: null })).toBe(
      "https://roastery.example/uk/products/a%20b%2Fc",
    );
  });
  it("links a file's URL only on the shop's own host", () => {
    expect(productLink({ webAddress: shop, handle: null, url: "https://roastery.example/p/1?x=2" })).toBe(
      "https://roastery.example/p/1?x=2",
    );
    expect(productLink({ webAddress: shop, handle: null, url: "https://ROASTERY.example/p/1" })).toBe(
      "https://roastery.example/p/1",
    );
    for (const url of [
      "https://evil.example/p/1",
      "https://roastery.example.evil.example/p",
      "https://evil.example@roastery.example/p",
      "http://roastery.example/p/1",
      "javascript:alert(1)//roastery.example",
      "/p/1",
      "not a url",
    ])
      expect(productLink({ webAddress: shop, handle: null, url }), url).toBeNull();
  });
  it("makes no link without a shop address, whatever the product says", () => {
    expect(
      productLink({ webAddress: null, handle: "house-blend", url: "https://roastery.example/p" }),
    ).toBeNull();
  });
  it("prefers the handle to a file's URL", () => {
    expect(productLink({ webAddress: shop, handle: "h", url: "https://roastery.example/other" })).toBe(
      "https://roastery.example/products/h",
    );
  });
});

describe("callToAction", () => {
  it("sends to the one featured product's page when it has one", () => {
    expect(
      callToAction({
        shopName: "Roastery",
        webAddress: "https://roastery.example",
        products: [{ name: "House Blend", url: "https://roastery.example/products/house" }],
      }),
    ).toEqual({ label: "See House Blend", url: "https://roastery.example/products/house" });
  });
  it("otherwise sends to the shop", () => {
    expect(
      callToAction({
        shopName: "Roastery",
        webAddress: "https://roastery.example",
        products: [
          { name: "A", url: "https://roastery.example/products/a" },
          { name: "B", url: null },
        ],
      }),
    ).toEqual({ label: "Visit Roastery", url: "https://roastery.example" });
  });
  it("is absent when the shop has no address", () => {
    expect(callToAction({ shopName: "Roastery", webAddress: null, products: [] })).toBeNull();
  });
});
