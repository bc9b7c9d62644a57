import { jobsToRestore, liveJobsOf } from "../../jobs/dispatch/reconcile";

const at = new Date("2026-03-01T09:00:00Z");
const queued = (campaignId: number, ...ids: number[]) =>
  ids.map((messageId) => ({ shopId: 1, campaignId, round: 2, messageId }));

describe("which jobs the reconciler puts back", () => {
  it("gives an approved campaign without a dispatch job its dispatch, at its time", () => {
    const restore = jobsToRestore(
      {
        approved: [
          { shopId: 1, campaignId: 7, round: 0, sendAt: at },
          { shopId: 1, campaignId: 8, round: 1, sendAt: null },
        ],
        queued: [],
      },
      liveJobsOf([{ name: "dispatch", data: { shopId: 1, campaignId: 8, round: 1 } }]),
    );
    expect(restore.dispatches).toEqual([{ data: { shopId: 1, campaignId: 7, round: 0 }, at }]);
    expect(restore.sends).toEqual([]);
  });

  it("queues again only the messages no live job names, per campaign, in the campaign's round", () => {
    const restore = jobsToRestore(
      { approved: [], queued: [...queued(3, 10, 11, 12, 13), ...queued(4, 20, 21), ...queued(5, 30)] },
      liveJobsOf([
        { name: "send-batch", data: { shopId: 1, campaignId: 3, messageIds: [10, 11] } },
        { name: "send", data: { shopId: 1, messageId: 13 } },
        // Campaign 5's dispatch is still to run: it queues its own messages.
        { name: "dispatch", data: { shopId: 1, campaignId: 5 } },
        { name: "draft", data: { shopId: 1, campaignId: 4 } },
      ]),
    );
    expect(restore.dispatches).toEqual([]);
    expect(restore.sends).toEqual([
      { shopId: 1, campaignId: 3, round: 2, messageIds: [12] },
      { shopId: 1, campaignId: 4, round: 2, messageIds: [20, 21] },
    ]);
  });
});
