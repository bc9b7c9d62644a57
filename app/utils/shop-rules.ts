import { z } from "zod";

// Bounds an owner may choose within. The minimum age never goes below 16, the
// lowest age of digital consent in the EU; quiet hours are whole local hours.
export const RULE_LIMITS = {
  capCount: { min: 1, max: 14 },
  capWindowDays: { min: 1, max: 90 },
  minGapHours: { min: 0, max: 336 },
  minorAge: { min: 16, max: 25 },
} as const;

const whole = (label: string, { min, max }: { min: number; max: number }) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label}.`)
    .pipe(z.coerce.number({ error: `Enter ${label} as a number.` }))
    .pipe(
      z
        .number()
        .int(`Enter ${label} as a whole number.`)
        .min(min, `${label[0]!.toUpperCase()}${label.slice(1)} is at least ${min}.`)
        .max(max, `${label[0]!.toUpperCase()}${label.slice(1)} is at most ${max}.`),
    );

const hour = z.coerce.number().int().min(0, "Choose an hour.").max(23, "Choose an hour.");

export const ShopRulesSchema = z.object({
  name: z.string().trim().min(2, "Give your shop's name; it is the sender's name.").max(80),
  fromEmail: z.string().trim().toLowerCase().email("Enter a valid sender address."),
  postalAddress: z
    .string()
    .trim()
    .min(10, "Every email carries your postal address, as the law requires. Enter it in full.")
    .max(200),
  capCount: whole("the number of emails", RULE_LIMITS.capCount),
  capWindowDays: whole("the number of days", RULE_LIMITS.capWindowDays),
  minGapHours: whole("the gap in hours", RULE_LIMITS.minGapHours),
  minorAge: whole("the minimum age", RULE_LIMITS.minorAge),
  quietStartHour: hour,
  quietEndHour: hour,
});

/** The form's values: numbers from the database, or the text the owner typed. */
export type ShopRulesInput = Record<keyof z.output<typeof ShopRulesSchema>, string | number>;
