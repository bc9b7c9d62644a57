import type { SensitiveKind } from "../../db/schema";

export const SENSITIVE_KIND_LABELS: Record<SensitiveKind, string> = {
  alcohol: "Alcohol",
  tobacco: "Tobacco",
  gambling: "Gambling",
  weight_loss: "Weight loss",
  credit: "Credit",
  adult: "Adult",
};
