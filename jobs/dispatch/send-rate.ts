import { eq } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Queryable } from "../../db/client";
import { shops } from "../../db/schema";

/** The shop's own sending rate, or the workers' default. */
export function sendRatePerMinute(db: Queryable, shopId: number, fallback: number): number {
  const shop = db.select({ rate: shops.sendRatePerMinute }).from(shops).where(eq(shops.id, shopId)).get();
  return shop?.rate ?? fallback;
}

// A per-shop schedule in Redis, shared by every worker: one key holds when
// the shop's sends reserved so far will have used up its rate, another until
// when the mail server asked the shop to slow down. Each batch reserves its
// own slot after both and waits for it, so a slow shop's batches queue up in
// order instead of waking together and racing. Redis's own clock keeps
// workers on several machines in step.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// KEYS: schedule, pause. ARGV: the batch's cost in ms, 1 when it already
// holds a slot. A slot held from before a slow-down is void while it lasts:
// the batch reserves a new one after it.
const RESERVE = `${NOW}
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if ARGV[2] == '1' and paused <= now then return 0 end
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(free, now, paused)
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], after, 'PX', after - now + 60000)
return start - now
`;

// KEYS: schedule, pause. ARGV: how long to slow down. Slots reserved before
// stay where they are; new ones come after the pause.
const PAUSE = `${NOW}
local untilAt = math.max(now + tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[2]) or '0'))
redis.call('SET', KEYS[2], untilAt, 'PX', untilAt - now)
local free = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), untilAt)
redis.call('SET', KEYS[1], free, 'PX', free - now + 60000)
return untilAt - now
`;

type ShopKeys = { prefix: string; shopId: number };
const keysOf = ({ prefix, shopId }: ShopKeys) => [
  `${prefix}:send-rate:${shopId}`,
  `${prefix}:send-pause:${shopId}`,
];

/**
 * Reserves `count` sends of one shop at its rate and returns how many
 * milliseconds to wait before making them (0: now). A batch that waited for
 * the slot it reserved passes `holding`: it may go now, unless the shop was
 * slowed down meanwhile, when it gets a new slot after the pause.
 */
export async function reserveSends(
  redis: Redis,
  input: ShopKeys & { count: number; ratePerMinute: number; holding?: boolean },
): Promise<number> {
  const costMs = Math.ceil((input.count * 60_000) / input.ratePerMinute);
  return Number(await redis.eval(RESERVE, 2, ...keysOf(input), costMs, input.holding ? 1 : 0));
}

/**
 * The mail server asked to slow down (or could not be reached): no worker
 * starts a send of this shop for `ms`. Returns how long the pause lasts.
 */
export async function slowDownShop(redis: Redis, input: ShopKeys & { ms: number }): Promise<number> {
  return Number(await redis.eval(PAUSE, 2, ...keysOf(input), input.ms));
}

// KEYS: bucket, pause. ARGV: sends wanted, sends per millisecond, most
// sends at once. A token bucket shared by every worker, drawn from right
// before claiming: whatever a job's reservation, no burst of late batches
// goes past the shop's rate. Returns 0 (take them now), the milliseconds
// until there are enough, or minus the milliseconds the shop is paused.
const TAKE = `${NOW}
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return -(paused - now) end
local count = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local capacity = math.max(tonumber(ARGV[3]), count)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1] or capacity)
local at = tonumber(state[2] or now)
tokens = math.min(capacity, tokens + (now - at) * perMs)
local wait = 0
if tokens >= count then tokens = tokens - count else wait = math.ceil((count - tokens) / perMs) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 60000)
return wait
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes `count` sends of one shop from its shared budget, waiting for them
 * when a burst has used it up. Resolves to 0 when they may go now, or to how
 * many milliseconds the shop is slowed down for (nothing was taken).
 */
export async function takeSends(
  redis: Redis,
  input: ShopKeys & { count: number; ratePerMinute: number; burst: number },
): Promise<number> {
  const [bucket, pause] = keysOf(input);
  for (;;) {
    const answer = Number(
      await redis.eval(
        TAKE,
        2,
        `${bucket}:bucket`,
        pause,
        input.count,
        input.ratePerMinute / 60_000,
        input.burst,
      ),
    );
    if (answer < 0) return -answer;
    if (answer === 0) return 0;
    await sleep(answer);
  }
}
