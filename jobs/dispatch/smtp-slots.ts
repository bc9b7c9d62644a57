/**
 * The free connections of one worker's SMTP pool. A send job takes slots
 * before it claims messages and claims no more than it holds, so that every
 * claimed message goes to SMTP at once: nothing claimed waits behind the
 * pool, where an unsubscribe could no longer stop it and a killed worker
 * would leave it "unknown" although it never left.
 */
export type SmtpSlots = {
  /** Waits until at least one connection is free, then holds as many as are free, up to `most`. */
  take(most: number): Promise<number>;
  /** Gives `count` held connections back. */
  give(count?: number): void;
};

export function smtpSlots(size: number): SmtpSlots {
  let free = size;
  // First come, first served: a job waiting for a slot is not overtaken.
  const waiting: { most: number; grant: (count: number) => void }[] = [];
  const grantWaiting = () => {
    while (free > 0 && waiting.length > 0) {
      const next = waiting.shift()!;
      const count = Math.min(free, next.most);
      free -= count;
      next.grant(count);
    }
  };
  return {
    take(most) {
      return new Promise((grant) => {
        waiting.push({ most: Math.max(1, most), grant });
        grantWaiting();
      });
    },
    give(count = 1) {
      free += count;
      grantWaiting();
    },
  };
}
