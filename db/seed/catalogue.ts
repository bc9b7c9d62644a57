import type { SensitiveKind } from "../schema";
// The demo roaster's catalogue: 60 products in 8 categories. Popularity
// weights make a few best sellers per category; `goesWith` names the products
// people buy together (a dripper and its filters), which gives co-purchase
// models a real signal to find. replenishDays is how long one unit lasts a
// typical household: smaller bags run out sooner, a kilo lasts longest.

export type CatalogueProduct = {
  name: string;
  priceCents: number;
  replenishDays: number | null;
  popularity: number;
  goesWith?: string[];
};

export type CatalogueCategory = {
  name: string;
  sensitive: boolean;
  sensitiveKind?: SensitiveKind;
  /** How likely a customer is to make this one of their favourite categories. */
  popularity: number;
  products: CatalogueProduct[];
};

export const CATALOGUE: CatalogueCategory[] = [
  {
    name: "Single-origin coffee",
    sensitive: false,
    popularity: 26,
    products: [
      { name: "Ethiopia Yirgacheffe 250 g", priceCents: 1150, replenishDays: 24, popularity: 9 },
      { name: "Kenya Nyeri AA 250 g", priceCents: 1250, replenishDays: 24, popularity: 6 },
      { name: "Colombia Huila 250 g", priceCents: 1050, replenishDays: 21, popularity: 10 },
      { name: "Guatemala Antigua 250 g", priceCents: 1100, replenishDays: 24, popularity: 5 },
      { name: "Rwanda Nyamasheke 250 g", priceCents: 1200, replenishDays: 24, popularity: 4 },
      { name: "Brazil Cerrado 250 g", priceCents: 950, replenishDays: 21, popularity: 8 },
      { name: "Costa Rica Tarrazú 250 g", priceCents: 1150, replenishDays: 24, popularity: 4 },
      { name: "Sumatra Mandheling 250 g", priceCents: 1100, replenishDays: 24, popularity: 4 },
      { name: "Peru Cajamarca 250 g", priceCents: 1050, replenishDays: 21, popularity: 4 },
      { name: "Burundi Kayanza 250 g", priceCents: 1250, replenishDays: 24, popularity: 3 },
      { name: "Panama Boquete Geisha 100 g", priceCents: 2400, replenishDays: 14, popularity: 1 },
      { name: "Yemen Haraz 100 g", priceCents: 2200, replenishDays: 14, popularity: 1 },
    ],
  },
  {
    name: "Blends",
    sensitive: false,
    popularity: 28,
    products: [
      { name: "House Blend 250 g", priceCents: 850, replenishDays: 18, popularity: 12 },
      { name: "House Blend 1 kg", priceCents: 2900, replenishDays: 42, popularity: 5 },
      { name: "Espresso Forte 250 g", priceCents: 900, replenishDays: 14, popularity: 9 },
      { name: "Espresso Forte 1 kg", priceCents: 3100, replenishDays: 40, popularity: 4 },
      { name: "Morning Light 250 g", priceCents: 850, replenishDays: 18, popularity: 6 },
      { name: "Harbour Dark Roast 250 g", priceCents: 850, replenishDays: 18, popularity: 5 },
      { name: "Seasonal Filter Blend 250 g", priceCents: 950, replenishDays: 21, popularity: 4 },
      { name: "Cold Brew Coarse 500 g", priceCents: 1450, replenishDays: 28, popularity: 3 },
    ],
  },
  {
    name: "Decaf",
    sensitive: false,
    popularity: 7,
    products: [
      { name: "Swiss Water Decaf Colombia 250 g", priceCents: 1050, replenishDays: 30, popularity: 5 },
      { name: "Sugarcane Decaf Peru 250 g", priceCents: 1050, replenishDays: 30, popularity: 3 },
      { name: "Decaf Espresso 250 g", priceCents: 1000, replenishDays: 28, popularity: 4 },
      { name: "Half-Caf Blend 250 g", priceCents: 900, replenishDays: 24, popularity: 3 },
    ],
  },
  {
    name: "Tea",
    sensitive: false,
    popularity: 12,
    products: [
      { name: "Assam Breakfast 100 g", priceCents: 650, replenishDays: 35, popularity: 8 },
      { name: "Darjeeling First Flush 50 g", priceCents: 950, replenishDays: 28, popularity: 3 },
      { name: "Sencha Kagoshima 50 g", priceCents: 850, replenishDays: 28, popularity: 3 },
      { name: "Earl Grey Bergamot 100 g", priceCents: 700, replenishDays: 35, popularity: 7 },
      { name: "Rooibos Vanilla 100 g", priceCents: 600, replenishDays: 42, popularity: 4 },
      { name: "Jasmine Pearls 50 g", priceCents: 1100, replenishDays: 28, popularity: 3 },
      { name: "Chai Masala 100 g", priceCents: 650, replenishDays: 35, popularity: 5 },
      { name: "Peppermint Leaf 50 g", priceCents: 500, replenishDays: 30, popularity: 3 },
    ],
  },
  {
    name: "Brewing gear",
    sensitive: false,
    popularity: 11,
    products: [
      {
        name: "V60 Dripper",
        priceCents: 2200,
        replenishDays: null,
        popularity: 6,
        goesWith: ["Paper Filters (100)"],
      },
      { name: "Paper Filters (100)", priceCents: 600, replenishDays: null, popularity: 8 },
      {
        name: "AeroPress",
        priceCents: 3500,
        replenishDays: null,
        popularity: 5,
        goesWith: ["Hand Grinder", "Espresso Forte 250 g"],
      },
      {
        name: "French Press 8 cup",
        priceCents: 3200,
        replenishDays: null,
        popularity: 4,
        goesWith: ["House Blend 250 g"],
      },
      { name: "Hand Grinder", priceCents: 6500, replenishDays: null, popularity: 3 },
      {
        name: "Gooseneck Kettle",
        priceCents: 5500,
        replenishDays: null,
        popularity: 2,
        goesWith: ["V60 Dripper", "Digital Scale"],
      },
      { name: "Digital Scale", priceCents: 2800, replenishDays: null, popularity: 3 },
      {
        name: "Moka Pot 6 cup",
        priceCents: 3000,
        replenishDays: null,
        popularity: 3,
        goesWith: ["Espresso Forte 250 g"],
      },
      {
        name: "Cold Brew Jar",
        priceCents: 2500,
        replenishDays: null,
        popularity: 2,
        goesWith: ["Cold Brew Coarse 500 g"],
      },
      { name: "Milk Frother", priceCents: 2000, replenishDays: null, popularity: 2 },
    ],
  },
  {
    name: "Mugs & merch",
    sensitive: false,
    popularity: 7,
    products: [
      { name: "Stoneware Mug", priceCents: 1400, replenishDays: null, popularity: 5 },
      { name: "Enamel Camp Mug", priceCents: 1200, replenishDays: null, popularity: 3 },
      { name: "Keep Cup 12 oz", priceCents: 1500, replenishDays: null, popularity: 4 },
      { name: "Canvas Tote", priceCents: 1000, replenishDays: null, popularity: 3 },
      { name: "Roastery Tea Towel", priceCents: 900, replenishDays: null, popularity: 2 },
      { name: "Gift Card £25", priceCents: 2500, replenishDays: null, popularity: 4 },
    ],
  },
  {
    name: "Gift sets",
    sensitive: false,
    popularity: 6,
    products: [
      { name: "Taster Trio", priceCents: 2800, replenishDays: null, popularity: 5 },
      { name: "Brew at Home Kit", priceCents: 5800, replenishDays: null, popularity: 3 },
      { name: "Tea Lover's Box", priceCents: 3200, replenishDays: null, popularity: 3 },
      { name: "Coffee Subscription Gift (3 months)", priceCents: 3300, replenishDays: null, popularity: 3 },
      { name: "Espresso Discovery Set", priceCents: 3000, replenishDays: null, popularity: 3 },
      { name: "Advent Calendar", priceCents: 4500, replenishDays: null, popularity: 2 },
    ],
  },
  {
    name: "Spirits & liqueurs",
    sensitive: true,
    sensitiveKind: "alcohol",
    popularity: 3,
    products: [
      {
        name: "Cold Brew Coffee Liqueur 50 cl",
        priceCents: 2600,
        replenishDays: null,
        popularity: 5,
        goesWith: ["Espresso Martini Kit"],
      },
      { name: "Espresso Martini Kit", priceCents: 3800, replenishDays: null, popularity: 4 },
      { name: "Coffee-Infused Rum 70 cl", priceCents: 3400, replenishDays: null, popularity: 2 },
      { name: "Irish Coffee Gift Set", priceCents: 4200, replenishDays: null, popularity: 2 },
      { name: "Coffee Stout (4 pack)", priceCents: 1200, replenishDays: null, popularity: 4 },
      { name: "Amaretto Coffee Liqueur 50 cl", priceCents: 2400, replenishDays: null, popularity: 2 },
    ],
  },
];
