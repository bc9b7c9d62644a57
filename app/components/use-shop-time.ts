import { useRouteLoaderData } from "@remix-run/react";
import type { loader as appLoader } from "~/routes/app";
import { formatDateTime } from "./dates";

/** formatDateTime in the shop's time zone, which the dashboard layout's loader gives every page. */
export function useShopDateTime(): (value: string | Date | null | undefined) => string {
  const zone = useRouteLoaderData<typeof appLoader>("routes/app")?.shop.timezone ?? "UTC";
  return (value) => formatDateTime(value, zone);
}
