// What an import file can hold and how its columns map to Tactful's fields.
// The Shopify column sets are the admin exports as they come (sources in
// docs/decisions/0003-imports.md); any other file is mapped by the user.

export type Kind = "customers" | "orders" | "products";

export const FIELDS = {
  customers: {
    externalId: "Customer id",
    email: "Email",
    firstName: "First name",
    lastName: "Last name",
    consent: "Accepts email marketing",
    country: "Country",
    birthdate: "Birthdate",
    tags: "Tags",
  },
  orders: {
    orderId: "Order number",
    orderedAt: "Order date",
    email: "Customer email",
    customerId: "Customer id",
    sku: "Product SKU",
    productName: "Product name",
    quantity: "Quantity",
    unitPrice: "Unit price",
    total: "Order total",
    subtotal: "Order subtotal",
    discount: "Discount amount",
    status: "Payment status",
    cancelledAt: "Cancelled at",
    currency: "Currency",
    consent: "Accepts email marketing",
    country: "Country",
  },
  products: {
    handle: "Product handle",
    sku: "SKU",
    name: "Name",
    option: "Variant name",
    category: "Category",
    type: "Type",
    price: "Price",
    tags: "Tags",
    url: "Product page URL",
  },
} as const satisfies Record<Kind, Record<string, string>>;

export type Field<K extends Kind> = keyof (typeof FIELDS)[K];
export type Mapping = Record<string, string>;

/** The fields an import of each kind cannot do without. */
export const REQUIRED: Record<Kind, string[][]> = {
  // One of each inner list.
  customers: [["email", "externalId"]],
  orders: [
    ["orderId"],
    ["orderedAt"],
    ["email", "customerId"],
    ["sku", "productName"],
    ["quantity"],
    ["unitPrice"],
  ],
  products: [["sku", "handle"], ["name"], ["price"]],
};

export type KnownFormat = { id: string; label: string; kind: Kind; mapping: Mapping; signature: string[] };

export const KNOWN_FORMATS: KnownFormat[] = [
  {
    id: "shopify-customers",
    label: "Shopify customers export",
    kind: "customers",
    signature: ["Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing"],
    mapping: {
      externalId: "Customer ID",
      email: "Email",
      firstName: "First Name",
      lastName: "Last Name",
      consent: "Accepts Email Marketing",
      country: "Default Address Country Code",
      tags: "Tags",
    },
  },
  {
    id: "shopify-customers-legacy",
    label: "Shopify customers export (older columns)",
    kind: "customers",
    signature: ["First Name", "Last Name", "Email", "Accepts Marketing", "Country Code"],
    mapping: {
      email: "Email",
      firstName: "First Name",
      lastName: "Last Name",
      consent: "Accepts Marketing",
      country: "Country Code",
      tags: "Tags",
    },
  },
  {
    id: "shopify-products",
    label: "Shopify products export",
    kind: "products",
    signature: ["Handle", "Title", "Variant SKU", "Variant Price"],
    mapping: {
      handle: "Handle",
      sku: "Variant SKU",
      name: "Title",
      option: "Option1 Value",
      category: "Product Category",
      type: "Type",
      price: "Variant Price",
      tags: "Tags",
    },
  },
  {
    id: "shopify-orders",
    label: "Shopify orders export",
    kind: "orders",
    signature: ["Name", "Email", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price"],
    mapping: {
      orderId: "Name",
      orderedAt: "Created at",
      email: "Email",
      sku: "Lineitem sku",
      productName: "Lineitem name",
      quantity: "Lineitem quantity",
      unitPrice: "Lineitem price",
      total: "Total",
      subtotal: "Subtotal",
      discount: "Discount Amount",
      status: "Financial Status",
      cancelledAt: "Cancelled at",
      currency: "Currency",
      consent: "Accepts Marketing",
      country: "Billing Country",
    },
  },
];

export function detectFormat(header: string[]): KnownFormat | undefined {
  const present = new Set(header);
  return KNOWN_FORMATS.find((f) => f.signature.every((column) => present.has(column)));
}

export const formatLabel = (id: string) =>
  KNOWN_FORMATS.find((f) => f.id === id)?.label ??
  (id.startsWith("mapped-") ? `Your columns (${id.slice(7)})` : "Not a known export");

/** The key under which a shop's mapping for this header is remembered. */
export const headerKey = (header: string[]) => header.map((h) => h.toLowerCase()).join("\u001f");

/** A mapping restricted to columns the file has; a message for each missing required field. */
export function checkMapping(kind: Kind, mapping: Mapping, header: string[]): string[] {
  const present = new Set(header);
  const fields = FIELDS[kind] as Record<string, string>;
  const problems: string[] = [];
  for (const [field, column] of Object.entries(mapping)) {
    if (!(field in fields)) problems.push(`"${field}" is not a field of ${kind}.`);
    else if (!present.has(column)) problems.push(`The file has no column "${column}".`);
  }
  for (const oneOf of REQUIRED[kind]) {
    if (!oneOf.some((field) => mapping[field])) {
      problems.push(`Choose a column for ${oneOf.map((f) => fields[f]).join(" or ")}.`);
    }
  }
  return problems;
}

/** Column indexes for each mapped field. */
export function columnIndexes(mapping: Mapping, header: string[]): Record<string, number> {
  const indexes: Record<string, number> = {};
  for (const [field, column] of Object.entries(mapping)) {
    const i = header.indexOf(column);
    if (i >= 0) indexes[field] = i;
  }
  return indexes;
}

// Special categories of personal data (GDPR art. 9) and similar: never stored
// as something a campaign could target.
const SENSITIVE =
  /health|medical|diagnos|pregnan|disab|religio|faith|ethnic|race|racial|sexual|orientation|lgbt|gay|lesbian|trans(gender)?\b|politic|union member|muslim|jewish|christian|hindu|halal|kosher|diabet|cancer|hiv|mental/i;

export const isSensitiveLabel = (label: string) => SENSITIVE.test(label);

// Column names other tools use for Tactful's fields, compared without case,
// spaces or punctuation. Only a suggestion: the user confirms the mapping.
const SYNONYMS: Record<string, string[]> = {
  externalId: ["customerid", "customerno", "customernumber", "clientid"],
  email: ["email", "emailaddress", "customeremail", "mail"],
  firstName: ["firstname", "givenname", "forename"],
  lastName: ["lastname", "surname", "familyname"],
  consent: [
    "acceptsemailmarketing",
    "acceptsmarketing",
    "newsletter",
    "optin",
    "marketingconsent",
    "subscribed",
  ],
  country: ["country", "countrycode"],
  birthdate: ["birthdate", "birthday", "dateofbirth", "dob"],
  tags: ["tags", "labels"],
  orderId: ["invoiceno", "invoice", "ordernumber", "orderno", "orderid", "order"],
  orderedAt: ["invoicedate", "orderdate", "date", "createdat", "ordered"],
  customerId: ["customerid", "customerno", "customernumber", "clientid"],
  sku: ["stockcode", "sku", "itemcode", "productcode", "variantsku"],
  productName: ["description", "productname", "item", "itemname", "product", "title"],
  quantity: ["quantity", "qty", "units"],
  unitPrice: ["unitprice", "price", "itemprice"],
  total: ["total", "ordertotal", "amount"],
  cancelledAt: ["cancelledat", "canceledat", "cancellationdate"],
  currency: ["currency", "currencycode"],
  handle: ["handle", "slug"],
  name: ["name", "title", "productname"],
  category: ["category", "productcategory"],
  type: ["type", "producttype"],
  price: ["price", "unitprice", "variantprice"],
  url: ["url", "producturl", "productpage", "pageurl", "link", "productlink"],
};

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A first guess at a mapping from the file's column names. */
export function guessMapping(kind: Kind, header: string[]): Mapping {
  const mapping: Mapping = {};
  const taken = new Set<string>();
  for (const field of Object.keys(FIELDS[kind])) {
    const names = SYNONYMS[field] ?? [squash(field)];
    const column = names.map((n) => header.find((h) => squash(h) === n && !taken.has(h))).find(Boolean);
    if (column) {
      mapping[field] = column;
      taken.add(column);
    }
  }
  return mapping;
}
