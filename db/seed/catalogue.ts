// The demo roaster's catalogue: 60 products in 8 categories.
export type CatalogueCategory = {
  name: string;
  sensitive: boolean;
  replenishDays: number | null;
  products: [name: string, priceCents: number][];
};

export const CATALOGUE: CatalogueCategory[] = [
  {
    name: "Single-origin coffee",
    sensitive: false,
    replenishDays: 28,
    products: [
      ["Ethiopia Yirgacheffe 250 g", 1150],
      ["Kenya Nyeri AA 250 g", 1250],
      ["Colombia Huila 250 g", 1050],
      ["Guatemala Antigua 250 g", 1100],
      ["Rwanda Nyamasheke 250 g", 1200],
      ["Brazil Cerrado 250 g", 950],
      ["Costa Rica Tarrazú 250 g", 1150],
      ["Sumatra Mandheling 250 g", 1100],
      ["Peru Cajamarca 250 g", 1050],
      ["Burundi Kayanza 250 g", 1250],
      ["Panama Boquete Geisha 100 g", 2400],
      ["Yemen Haraz 100 g", 2200],
    ],
  },
  {
    name: "Blends",
    sensitive: false,
    replenishDays: 21,
    products: [
      ["House Blend 250 g", 850],
      ["House Blend 1 kg", 2900],
      ["Espresso Forte 250 g", 900],
      ["Espresso Forte 1 kg", 3100],
      ["Morning Light 250 g", 850],
      ["Harbour Dark Roast 250 g", 850],
      ["Seasonal Filter Blend 250 g", 950],
      ["Cold Brew Coarse 500 g", 1450],
    ],
  },
  {
    name: "Decaf",
    sensitive: false,
    replenishDays: 35,
    products: [
      ["Swiss Water Decaf Colombia 250 g", 1050],
      ["Sugarcane Decaf Peru 250 g", 1050],
      ["Decaf Espresso 250 g", 1000],
      ["Half-Caf Blend 250 g", 900],
    ],
  },
  {
    name: "Tea",
    sensitive: false,
    replenishDays: 42,
    products: [
      ["Assam Breakfast 100 g", 650],
      ["Darjeeling First Flush 50 g", 950],
      ["Sencha Kagoshima 50 g", 850],
      ["Earl Grey Bergamot 100 g", 700],
      ["Rooibos Vanilla 100 g", 600],
      ["Jasmine Pearls 50 g", 1100],
      ["Chai Masala 100 g", 650],
      ["Peppermint Leaf 50 g", 500],
    ],
  },
  {
    name: "Brewing gear",
    sensitive: false,
    replenishDays: null,
    products: [
      ["V60 Dripper", 2200],
      ["Paper Filters (100)", 600],
      ["AeroPress", 3500],
      ["French Press 8 cup", 3200],
      ["Hand Grinder", 6500],
      ["Gooseneck Kettle", 5500],
      ["Digital Scale", 2800],
      ["Moka Pot 6 cup", 3000],
      ["Cold Brew Jar", 2500],
      ["Milk Frother", 2000],
    ],
  },
  {
    name: "Mugs & merch",
    sensitive: false,
    replenishDays: null,
    products: [
      ["Stoneware Mug", 1400],
      ["Enamel Camp Mug", 1200],
      ["Keep Cup 12 oz", 1500],
      ["Canvas Tote", 1000],
      ["Roastery Tea Towel", 900],
      ["Gift Card £25", 2500],
    ],
  },
  {
    name: "Gift sets",
    sensitive: false,
    replenishDays: null,
    products: [
      ["Taster Trio", 2800],
      ["Brew at Home Kit", 5800],
      ["Tea Lover's Box", 3200],
      ["Coffee Subscription Gift (3 months)", 3300],
      ["Espresso Discovery Set", 3000],
      ["Advent Calendar", 4500],
    ],
  },
  {
    name: "Spirits & liqueurs",
    sensitive: true,
    replenishDays: null,
    products: [
      ["Cold Brew Coffee Liqueur 50 cl", 2600],
      ["Espresso Martini Kit", 3800],
      ["Coffee-Infused Rum 70 cl", 3400],
      ["Irish Coffee Gift Set", 4200],
      ["Coffee Stout (4 pack)", 1200],
      ["Amaretto Coffee Liqueur 50 cl", 2400],
    ],
  },
];
