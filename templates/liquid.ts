import { Liquid } from "liquidjs";

export const TEMPLATE_LIMITS = { parseLength: 50_000, renderMs: 250, memory: 1_000_000, output: 100_000 };

export function createLiquid(): Liquid {
  return new Liquid({ strictVariables: true, strictFilters: true, jsTruthy: false });
}
