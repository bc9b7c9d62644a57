import { eq } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Queryable } from "../../db/client";
import { shops } from "../../db/schema";

/** The shop's own sending rate, or the workers' default. */
export function sendRatePerMinute(db: Queryable, shopId: number, fallback: number): number {
  const shop = db.select({ rate: shops.sendRatePerMinute }).from(shops).where(eq(shops.id, shopId)).get();
  return shop?.rate ?? fallback;
}

// A per-shop schedule in Redis, shared by every worker: the key holds when
// the shop's sends reserved so far will have used up its rate. Each batch
// reserves its own slot after that and waits for it, so a slow shop's
// batches queue up in order instead of waking together and racing. Redis's
// own clock keeps workers on several machines in step.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(free, now)
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return start - now
`;

/**
 * Reserves `count` sends of one shop at its rate and returns how many
 * milliseconds to wait before making them (0: now).
 */
export async function reserveSends(
  redis: Redis,
  input: { prefix: string; shopId: number; count: number; ratePerMinute: number },
): Promise<number> {
  const key = `${input.prefix}:send-rate:${input.shopId}`;
  const costMs = Math.ceil((input.count * 60_000) / input.ratePerMinute);
  return Number(await redis.eval(RESERVE, 1, key, costMs));
}
