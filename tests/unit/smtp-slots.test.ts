import { smtpSlots } from "../../jobs/dispatch/smtp-slots";

const settled = () => new Promise((r) => setImmediate(r));

describe("the SMTP pool's slots", () => {
  it("hands out no more than the pool has, as many as are free, first come first served", async () => {
    const slots = smtpSlots(3);
    expect(await slots.take(2)).toBe(2);
    // One left: a job wanting five gets the one rather than waiting for five.
    expect(await slots.take(5)).toBe(1);

    const granted: string[] = [];
    void slots.take(2).then((n) => granted.push(`first:${n}`));
    void slots.take(1).then((n) => granted.push(`second:${n}`));
    await settled();
    expect(granted).toEqual([]);

    slots.give();
    await settled();
    // The first in line gets the freed slot; the second is not let past it.
    expect(granted).toEqual(["first:1"]);
    slots.give(2);
    await settled();
    expect(granted).toEqual(["first:1", "second:1"]);
  });
});
