import { z } from "zod";

const MAX_AHEAD_MS = 90 * 86_400_000;

// A datetime-local value ("2026-11-24T09:30"), read as UTC like every time
// the dashboard shows.
const localUtc = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Choose a date and time.")
  .transform((value) => new Date(`${value}:00Z`));

/** "Send now" (the default) or "send at" a time in the next 90 days, from the approval form. */
export const scheduleSchema = z
  .preprocess(
    (form) => ({ when: "now", ...(form as object) }),
    z.discriminatedUnion("when", [
      z.object({ when: z.literal("now") }),
      z.object({ when: z.literal("later"), sendAt: localUtc }),
    ]),
  )
  .transform((value, ctx) => {
    if (value.when === "now") return { sendAt: null };
    const ahead = value.sendAt.getTime() - Date.now();
    if (ahead <= 0 || ahead > MAX_AHEAD_MS) {
      ctx.addIssue({ code: "custom", path: ["sendAt"], message: "Choose a time in the next 90 days." });
      return z.NEVER;
    }
    return { sendAt: value.sendAt };
  });
