import { eq } from "drizzle-orm";
import { shops } from "../../db/schema";
import { predictionRun } from "../../jobs/audience/predictions";
import { currencySymbol } from "../../templates/money";
import { db } from "../db.server";
import { listCategories, listCountries, listPreviewCustomers, listProducts } from "./campaign.server";
import { TEMPLATE_FIELDS } from "./template.server";

/** Everything the campaign builder offers to choose from, for one shop. */
export function builderOptions({ shopId }: { shopId: number }) {
  const money = db
    .select({ currency: shops.currency, locale: shops.locale })
    .from(shops)
    .where(eq(shops.id, shopId))
    .get();
  return {
    options: {
      categories: listCategories({ shopId }),
      products: listProducts({ shopId }),
      countries: listCountries({ shopId }),
      // Why "predicted activity" rules cannot be used now, or null when they can.
      predictionsProblem: predictionRun(db, shopId, new Date()).problem,
      currencySymbol: currencySymbol(money ?? { currency: null, locale: null }),
    },
    previewCustomers: listPreviewCustomers({ shopId }),
    fields: TEMPLATE_FIELDS,
  };
}
