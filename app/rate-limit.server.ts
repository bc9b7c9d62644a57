import type { AppLoadContext } from "@remix-run/node";
import { RateLimiterMemory } from "rate-limiter-flexible";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the web server saw it (see scripts/server.ts). */
    clientIp?: string;
  }
}

// Recipient pages need no login, so they are limited per address: generous
// for a person, tight for a script. Counted per web process, in memory, so
// that unsubscribing keeps working while Redis is down.
const recipientPages = new RateLimiterMemory({ points: 60, duration: 60 });

export async function limitRecipientPages(context: AppLoadContext): Promise<void> {
  try {
    await recipientPages.consume(context.clientIp ?? "unknown");
  } catch {
    throw new Response("Too many requests. Try again in a minute.", {
      status: 429,
      headers: { "Retry-After": "60" },
    });
  }
}
