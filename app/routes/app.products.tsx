import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { SENSITIVE_KIND_LABELS } from "~/components/sensitive-kinds";
import { productCatalogue, setCategorySensitivity, setProductSensitive } from "~/models/product.server";
import { requireUser } from "~/session.server";
import { moneyFormat } from "../../templates/money";
import { parseForm } from "~/utils/forms";
import { SENSITIVE_KINDS } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Products · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, shop } = await requireUser(request);
  return json({
    ...productCatalogue({ shopId: shop.id }),
    isOwner: user.role === "owner",
    money: { currency: shop.currency, locale: shop.locale },
  });
}

const CategorySchema = z.object({
  categoryId: z.coerce.number().int().positive(),
  kind: z.union([z.enum(SENSITIVE_KINDS), z.literal("none")], { error: "Choose a kind." }),
});
const ProductSchema = z.object({
  productId: z.coerce.number().int().positive(),
  sensitive: z.enum(["yes", "no"]),
});

const notFound = () => new Response("Not found", { status: 404 });
const ownersOnly = () => new Response("Only an owner can lift a protection.", { status: 403 });

/** Anyone on the team may mark something sensitive; only an owner may unmark it. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, shop } = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const who = { shopId: shop.id, userId: user.id };
  if (intent === "category") {
    const parsed = parseForm(CategorySchema, form);
    if (!parsed.ok) return json({ errors: parsed.errors, message: null }, { status: 400 });
    const kind = parsed.data.kind === "none" ? null : parsed.data.kind;
    if (kind === null && user.role !== "owner") throw ownersOnly();
    if (!setCategorySensitivity({ ...who, categoryId: parsed.data.categoryId, kind })) throw notFound();
    return json({
      errors: {},
      message: kind
        ? `Category marked sensitive (${SENSITIVE_KIND_LABELS[kind].toLowerCase()}), and every product in it, including ones imported later.`
        : "Category no longer marked sensitive.",
    });
  }
  if (intent === "product") {
    const parsed = parseForm(ProductSchema, form);
    if (!parsed.ok) return json({ errors: parsed.errors, message: null }, { status: 400 });
    const sensitive = parsed.data.sensitive === "yes";
    if (!sensitive && user.role !== "owner") throw ownersOnly();
    if (!setProductSensitive({ ...who, productId: parsed.data.productId, sensitive })) throw notFound();
    return json({ errors: {}, message: sensitive ? "Product marked sensitive." : "Product unmarked." });
  }
  return json({ errors: { form: "Unknown action." }, message: null }, { status: 400 });
}

export default function Products() {
  const { categories, products, isOwner, money } = useLoaderData<typeof loader>();
  const price = moneyFormat(money);
  const result = useActionData<typeof action>();
  const byId = new Map(categories.map((c) => [c.id, c]));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Products</h1>
          <p className="lede">
            Campaigns featuring a sensitive product or category (alcohol, tobacco, gambling, weight loss,
            credit, adult) never reach customers under the minimum age, customers flagged as needing care, or
            customers whose age you do not know unless you allow it in Settings.
          </p>
        </div>
      </div>
      {result?.message ? (
        <p className="notice" role="status">
          {result.message}
        </p>
      ) : null}
      {result?.errors && Object.keys(result.errors).length > 0 ? (
        <p className="notice warn" role="alert">
          {Object.values(result.errors)[0]}
        </p>
      ) : null}
      {products.length === 0 && categories.length === 0 ? (
        <section className="card">
          <p className="empty">
            No products yet. <Link to="/app/data">Import your products export</Link> on the Data page.
          </p>
        </section>
      ) : null}
      {categories.length > 0 ? (
        <section className="card" aria-labelledby="categories">
          <h2 id="categories">Categories</h2>
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col" className="num">
                    Products
                  </th>
                  <th scope="col">Sensitive</th>
                </tr>
              </thead>
              <tbody>
                {categories.map((c) => {
                  const canChange = isOwner || !c.sensitive;
                  return (
                    <tr key={c.id}>
                      <td>{c.name}</td>
                      <td className="num">{c.productCount}</td>
                      <td>
                        {canChange ? (
                          <Form method="post" className="inline">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="category" />
                            <input type="hidden" name="categoryId" value={c.id} />
                            <label className="visually-hidden" htmlFor={`kind-${c.id}`}>
                              Sensitivity of {c.name}
                            </label>
                            <select
                              id={`kind-${c.id}`}
                              name="kind"
                              defaultValue={c.sensitiveKind ?? (c.sensitive ? "" : "none")}
                            >
                              {c.sensitive && !c.sensitiveKind ? (
                                <option value="" disabled>
                                  Sensitive (choose a kind)
                                </option>
                              ) : null}
                              <option value="none">Not sensitive</option>
                              {Object.entries(SENSITIVE_KIND_LABELS).map(([value, label]) => (
                                <option key={value} value={value}>
                                  {label}
                                </option>
                              ))}
                            </select>{" "}
                            <button className="btn btn-small" type="submit">
                              Save
                            </button>
                          </Form>
                        ) : (
                          <span className="badge badge-review">
                            {c.sensitiveKind ? SENSITIVE_KIND_LABELS[c.sensitiveKind] : "Sensitive"}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {isOwner ? null : (
            <p className="hint">Only an owner can mark a sensitive category ordinary again.</p>
          )}
        </section>
      ) : null}
      {products.length > 0 ? (
        <section className="card" aria-labelledby="products">
          <h2 id="products">Products</h2>
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Category</th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col">Reorders</th>
                  <th scope="col">Sensitive</th>
                </tr>
              </thead>
              <tbody>
                {products.map((p) => {
                  const category = p.categoryId ? byId.get(p.categoryId) : undefined;
                  return (
                    <tr key={p.id}>
                      <td>
                        {p.name}
                        <div className="muted">{p.sku}</div>
                      </td>
                      <td>{category?.name ?? "—"}</td>
                      <td className="num">{price(p.priceCents)}</td>
                      <td>{p.replenishDays ? `About every ${p.replenishDays} days` : "—"}</td>
                      <td>
                        <ProductSensitivity
                          product={p}
                          byCategory={category?.sensitive ? category : undefined}
                          isOwner={isOwner}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

function ProductSensitivity(props: {
  product: { id: number; name: string; sensitive: boolean };
  byCategory?: { sensitiveKind: keyof typeof SENSITIVE_KIND_LABELS | null };
  isOwner: boolean;
}) {
  const { product, byCategory } = props;
  if (byCategory) {
    const kind = byCategory.sensitiveKind ? `: ${SENSITIVE_KIND_LABELS[byCategory.sensitiveKind]}` : "";
    return <span className="badge badge-review">By its category{kind}</span>;
  }
  if (product.sensitive && !props.isOwner) return <span className="badge badge-review">Sensitive</span>;
  return (
    <Form method="post" className="inline">
      <CsrfInput />
      <input type="hidden" name="intent" value="product" />
      <input type="hidden" name="productId" value={product.id} />
      <input type="hidden" name="sensitive" value={product.sensitive ? "no" : "yes"} />
      {product.sensitive ? <span className="badge badge-review">Sensitive</span> : null}{" "}
      <button
        className="btn btn-small"
        type="submit"
        aria-label={`${product.sensitive ? "Unmark" : "Mark"} ${product.name} as sensitive`}
      >
        {product.sensitive ? "Unmark" : "Mark sensitive"}
      </button>
    </Form>
  );
}
