import { z } from "zod";
import { zonedToUtc } from "~/utils/zoned-time";

const MAX_AHEAD_MS = 90 * 86_400_000;

/**
 * "Send now" (the default) or "send at" a time in the next 90 days, from the
 * approval form. The time is read in the shop's time zone and comes out UTC.
 */
export const scheduleSchema = (timeZone: string) =>
  z
    .preprocess(
      (form) => ({ when: "now", ...(form as object) }),
      z.discriminatedUnion("when", [
        z.object({ when: z.literal("now") }),
        z.object({
          when: z.literal("later"),
          sendAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Choose a date and time."),
        }),
      ]),
    )
    .transform((value, ctx) => {
      if (value.when === "now") return { sendAt: null };
      const sendAt = zonedToUtc(value.sendAt, timeZone);
      if (!sendAt) {
        const message = `That time does not exist in ${timeZone}: the clocks go forward then.`;
        ctx.addIssue({ code: "custom", path: ["sendAt"], message });
        return z.NEVER;
      }
      const ahead = sendAt.getTime() - Date.now();
      if (ahead <= 0 || ahead > MAX_AHEAD_MS) {
        ctx.addIssue({ code: "custom", path: ["sendAt"], message: "Choose a time in the next 90 days." });
        return z.NEVER;
      }
      return { sendAt };
    });
