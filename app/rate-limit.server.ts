import type { AppLoadContext } from "@remix-run/node";
import cluster from "node:cluster";
import { RateLimiterCluster, RateLimiterMemory } from "rate-limiter-flexible";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the web server saw it (see scripts/server.ts). */
    clientIp?: string;
  }
}

/**
 * Counts kept in memory, so that unsubscribing keeps working while Redis is
 * down. When the web server runs one process per core (scripts/server.ts),
 * the primary process keeps them for all, so that a second process is not a
 * second allowance.
 */
function limiter(keyPrefix: string, points: number, duration: number) {
  return cluster.isWorker
    ? new RateLimiterCluster({ keyPrefix, points, duration, timeoutMs: 5_000 })
    : new RateLimiterMemory({ keyPrefix, points, duration });
}

const clientIp = (context: AppLoadContext) => context.clientIp ?? "unknown";

// Recipient pages need no login, so they are limited per address: generous
// for a person, tight for a script.
const recipientPages = limiter("recipient-pages", 60, 60);

export async function limitRecipientPages(context: AppLoadContext): Promise<void> {
  try {
    await recipientPages.consume(clientIp(context));
  } catch {
    throw new Response("Too many requests. Try again in a minute.", {
      status: 429,
      headers: { "Retry-After": "60" },
    });
  }
}

// Failed logins, counted per account and client (slows guessing one
// password) and per client (slows trying many accounts). Never per account
// alone: a stranger's failures would then lock the real person out from
// their own client. A success clears that account's count for that client.
const LOGIN_WINDOW_SECONDS = 15 * 60;
const failuresPerAccount = limiter("login-account", 10, LOGIN_WINDOW_SECONDS);
const failuresPerIp = limiter("login-ip", 50, LOGIN_WINDOW_SECONDS);

const accountKey = (email: string) => email.trim().toLowerCase();
const accountFromClient = (context: AppLoadContext, email: string) =>
  `${accountKey(email)} ${clientIp(context)}`;

/** Minutes to wait before another attempt, or 0 when one is allowed now. */
export async function loginWaitMinutes(context: AppLoadContext, email: string): Promise<number> {
  const [account, ip] = await Promise.all([
    failuresPerAccount.get(accountFromClient(context, email)),
    failuresPerIp.get(clientIp(context)),
  ]);
  const blocked = [
    account && account.consumedPoints >= failuresPerAccount.points ? account.msBeforeNext : 0,
    ip && ip.consumedPoints >= failuresPerIp.points ? ip.msBeforeNext : 0,
  ];
  return Math.ceil(Math.max(...blocked) / 60_000);
}

export async function recordLoginFailure(context: AppLoadContext, email: string) {
  // penalty() adds points without throwing when the limit is passed.
  await Promise.all([
    failuresPerAccount.penalty(accountFromClient(context, email)),
    failuresPerIp.penalty(clientIp(context)),
  ]);
}

export async function clearLoginFailures(context: AppLoadContext, email: string) {
  await failuresPerAccount.delete(accountFromClient(context, email));
}

// Password-reset emails: a few per address and per client, so the form
// cannot be used to flood someone's inbox.
const resetRequests = limiter("password-reset", 5, 60 * 60);

export async function limitResetRequests(context: AppLoadContext, email: string): Promise<boolean> {
  try {
    await Promise.all([
      resetRequests.consume(`email:${accountKey(email)}`),
      resetRequests.consume(`ip:${clientIp(context)}`),
    ]);
    return true;
  } catch {
    return false;
  }
}

// The public signup form: a few per address and per client an hour, so a
// script cannot sign up a list of strangers or flood the shop's customers.
const signups = limiter("signups", 5, 60 * 60);

export async function limitSignups(context: AppLoadContext, email: string): Promise<void> {
  try {
    await Promise.all([
      signups.consume(`email:${accountKey(email)}`),
      signups.consume(`ip:${clientIp(context)}`),
    ]);
  } catch {
    throw new Response("Too many sign-ups from here. Try again in an hour.", {
      status: 429,
      headers: { "Retry-After": "3600" },
    });
  }
}

// Creating an account sends an email to the address typed in, so the form
// is limited like password resets: a few per address and per client an hour.
const accountSignups = limiter("account-signups", 5, 60 * 60);

export async function limitAccountSignups(context: AppLoadContext, email: string): Promise<boolean> {
  try {
    await Promise.all([
      accountSignups.consume(`email:${accountKey(email)}`),
      accountSignups.consume(`ip:${clientIp(context)}`),
    ]);
    return true;
  } catch {
    return false;
  }
}
