import { predictionRun } from "../../jobs/audience/predictions";
import { db } from "../db.server";
import { listCategories, listCountries, listPreviewCustomers, listProducts } from "./campaign.server";
import { TEMPLATE_FIELDS } from "./template.server";

/** Everything the campaign builder offers to choose from, for one shop. */
export function builderOptions({ shopId }: { shopId: number }) {
  return {
    options: {
      categories: listCategories({ shopId }),
      products: listProducts({ shopId }),
      countries: listCountries({ shopId }),
      // Why "predicted activity" rules cannot be used now, or null when they can.
      predictionsProblem: predictionRun(db, shopId, new Date()).problem,
    },
    previewCustomers: listPreviewCustomers({ shopId }),
    fields: TEMPLATE_FIELDS,
  };
}
