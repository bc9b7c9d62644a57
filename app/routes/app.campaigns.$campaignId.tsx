import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ClickSummary } from "~/components/click-summary";
import { CsrfInput } from "~/components/csrf-input";
import { useShopDateTime } from "~/components/use-shop-time";
import { Progress } from "~/components/progress";
import { ReasonChart, reasonLabel } from "~/components/reason-chart";
import { ApprovePanel } from "~/components/review/approve-panel";
import { ChecksSummary } from "~/components/review/checks";
import { DeliveryHint } from "~/components/review/delivery-hint";
import { ExclusionTable, RecipientTable } from "~/components/review/people-tables";
import { peopleList, PeopleTabs } from "~/components/review/people-tabs";
import { Samples } from "~/components/review/samples";
import { SubjectLines } from "~/components/review/subject-lines";
import { UnknownMessages } from "~/components/review/unknown-messages";
import { StatusBadge } from "~/components/status-badge";
import { useKeptActionError, usePolling } from "~/components/use-polling";
import { CampaignActions } from "~/components/campaign-actions";
import { CampaignControls } from "~/components/review/campaign-controls";
import {
  duplicateCampaign,
  EDITABLE,
  getCampaign,
  restoreGroup,
  setArchived,
} from "~/models/campaign.server";
import { campaignChecks, describeAudience, unacknowledged } from "~/models/checks.server";
import { clickSummary } from "~/models/clicks.server";
import {
  approveAndDispatch,
  cancelSending,
  markSent,
  pauseSending,
  requestDrafting,
  resumeSending,
  retryDispatch,
  queueReachable,
  retryDrafting,
  sendAgain,
} from "~/models/pipeline.server";
import { queuedTiming } from "~/models/delivery.server";
import { scheduleSchema } from "~/models/schedule.server";
import {
  exclusionPage,
  PAGE_SIZE,
  recipientPage,
  removeRecipient,
  reviewCounts,
  sampleMessages,
  unknownMessages,
} from "~/models/review.server";
import { requireUser } from "~/session.server";
import { deliveryNote } from "~/utils/delivery-note";
import { describeSendWindow } from "../../jobs/policy/send-window";
import { needsAcknowledgement } from "../../jobs/checks/findings";
import { RESTORABLE } from "../../jobs/policy/reasons";
import { StateError } from "../../jobs/state";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.campaign.name ?? "Campaign"} · Tactful` },
];

const ACTIVE = new Set(["drafting", "approved", "sending", "paused"]);
const STALL_MS = 10_000;

function pageParam(url: URL, name: string) {
  const n = Number(url.searchParams.get(name) ?? "1");
  return Number.isInteger(n) && n > 0 ? n : 1;
}

async function loadOwnCampaign(request: Request, id: string | undefined) {
  const session = await requireUser(request);
  const campaignId = Number(id);
  const campaign = Number.isInteger(campaignId)
    ? getCampaign({ shopId: session.shop.id, campaignId })
    : undefined;
  if (!campaign) throw new Response("Not found", { status: 404 });
  return { ...session, campaign, ref: { shopId: session.shop.id, campaignId } };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, shop, campaign, ref } = await loadOwnCampaign(request, params.campaignId);
  const url = new URL(request.url);
  const page = pageParam(url, "page");
  const xpage = pageParam(url, "xpage");
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  // Offer to queue again only when nothing has moved for a while: the usual
  // cause is a worker that is not running, or Redis having been down.
  const scheduled =
    campaign.status === "approved" && campaign.sendAt !== null && campaign.sendAt > new Date();
  const waiting =
    (campaign.status === "drafting" && campaign.progressStage === "queued") ||
    (campaign.status === "approved" && !scheduled);
  const stalled = waiting && Date.now() - campaign.updatedAt.getTime() > STALL_MS;
  // A job that never reached Redis waits for no worker: the page must not say one is coming.
  const queueDown = waiting && !(await queueReachable());
  const counts = reviewCounts(ref, campaign.status);
  const list = peopleList(url, counts.recipients);
  const now = new Date();
  const delivery =
    campaign.status === "sending" && (counts.byStatus.queued ?? 0) > 0
      ? deliveryNote({ timing: queuedTiming(ref, now), updatedAt: campaign.updatedAt, now })
      : null;
  return json({
    campaign,
    stalled,
    queueDown,
    delivery,
    isOwner: user.role === "owner",
    timeZone: shop.timezone,
    editable: (EDITABLE as readonly string[]).includes(campaign.status),
    counts,
    checks: campaign.status === "review" ? campaignChecks(ref) : null,
    audience: describeAudience(ref.shopId, campaign.audienceRules),
    samples: sampleMessages(ref),
    clicks: clickSummary(ref),
    unknown: unknownMessages(ref),
    recipients: q || list === "in" ? recipientPage({ ...ref, page, q }) : null,
    excluded: q || list === "out" ? exclusionPage({ ...ref, page: xpage, q }) : null,
    list,
    q,
    page,
    xpage,
    pageSize: PAGE_SIZE,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, shop, campaign, ref } = await loadOwnCampaign(request, params.campaignId);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "approve") {
    if (user.role !== "owner") throw new Response("Only an owner can approve sending.", { status: 403 });
    if (form.get("confirm") !== "yes") {
      return json({ error: "Tick the box to confirm you have reviewed the campaign." }, { status: 400 });
    }
    const { findings } = campaignChecks(ref);
    const open = unacknowledged(findings, form.getAll("acknowledge").map(String));
    if (open.length > 0) {
      const what = open.map((f) => f.title.toLowerCase()).join(", ");
      return json(
        { error: `Fix or acknowledge each warning before approving: ${open.length} left (${what}).` },
        { status: 400 },
      );
    }
    const schedule = scheduleSchema(shop.timezone).safeParse(Object.fromEntries(form));
    if (!schedule.success) {
      const sendAt = schedule.error.issues.find((i) => i.path[0] === "sendAt")?.message;
      return json(
        { error: sendAt ?? "Choose when to send.", fieldErrors: { sendAt: sendAt ?? null } },
        { status: 400 },
      );
    }
    const acknowledgedWarnings = findings
      .filter(needsAcknowledgement)
      .map((f) => ({ id: f.id, text: `${f.title}: ${f.detail}` }));
    const result = await approveAndDispatch({
      ...ref,
      userId: user.id,
      acknowledgedWarnings,
      sendAt: schedule.data.sendAt,
    });
    return json(result.ok ? { error: null } : { error: result.error }, { status: result.ok ? 200 : 409 });
  }
  if (intent === "pause" || intent === "resume" || intent === "cancel") {
    if (user.role !== "owner") throw new Response("Only an owner can control sending.", { status: 403 });
    if (intent === "cancel" && form.get("confirm") !== "yes") {
      return json({ error: "Confirm that you want to cancel the rest of this campaign." }, { status: 400 });
    }
    const control = { pause: pauseSending, resume: resumeSending, cancel: cancelSending }[intent];
    const result = await control({ ...ref, userId: user.id });
    return json(result.ok ? { error: null } : { error: result.error }, { status: result.ok ? 200 : 409 });
  }
  if (intent === "remove") {
    try {
      const { removed, voided } = removeRecipient({
        ...ref,
        messageId: Number(form.get("messageId")),
        userId: user.id,
      });
      if (!removed) return json({ error: "That recipient is not in this campaign." }, { status: 404 });
      return json({
        error: null,
        notice: voided ? "Removed. The approval was voided: approve again." : null,
      });
    } catch (error) {
      if (error instanceof StateError) return json({ error: error.message }, { status: 409 });
      throw error;
    }
  }
  if (intent === "restore") {
    const reason = RESTORABLE.find((r) => r === form.get("reason"));
    if (!reason) return json({ error: "That group cannot be put back." }, { status: 400 });
    if (!restoreGroup({ ...ref, reason, userId: user.id })) {
      return json({ error: "Groups can only be put back while the campaign is in review." }, { status: 409 });
    }
    const result = await requestDrafting(ref);
    return json(result.ok ? { error: null } : { error: result.error }, { status: result.ok ? 200 : 409 });
  }
  if (intent === "mark-sent" || intent === "send-again") {
    if (user.role !== "owner") throw new Response("Only an owner can resolve these emails.", { status: 403 });
    const messageIds = form.getAll("messageId").map(Number).filter(Number.isInteger);
    if (messageIds.length === 0) return json({ error: "Choose at least one email." }, { status: 400 });
    if (intent === "mark-sent") {
      const marked = markSent({ ...ref, userId: user.id, messageIds });
      return json({ error: null, notice: `${marked} marked as sent.` });
    }
    if (form.get("confirm") !== "yes") {
      return json(
        { error: "Tick the box to confirm that some people may get this email twice." },
        { status: 400 },
      );
    }
    const result = await sendAgain({ ...ref, userId: user.id, messageIds });
    return json(result.ok ? { error: null, notice: "Sending them again." } : { error: result.error }, {
      status: result.ok ? 200 : 409,
    });
  }
  if (intent === "duplicate") {
    const copy = duplicateCampaign({ ...ref, userId: user.id });
    return redirect(`/app/campaigns/${copy.id}/edit`);
  }
  if (intent === "archive" || intent === "unarchive") {
    const done = setArchived({ ...ref, userId: user.id, archived: intent === "archive" });
    if (!done)
      return json({ error: "A campaign cannot be archived while it is being drafted or sent." }, 409);
    return intent === "archive" ? redirect("/app/campaigns") : json({ error: null });
  }
  if (intent === "draft") {
    const waiting = campaign.status === "drafting" && campaign.progressStage === "queued";
    const result = waiting ? await retryDrafting(ref) : await requestDrafting(ref);
    return json(result.ok ? { error: null } : { error: result.error }, { status: result.ok ? 200 : 409 });
  }
  if (intent === "dispatch" && campaign.status === "approved") {
    const result = await retryDispatch({ ...ref, round: campaign.dispatchRound, sendAt: campaign.sendAt });
    return json(result.ok ? { error: null } : { error: result.error }, { status: result.ok ? 200 : 409 });
  }
  return json({ error: "That action is not available now." }, { status: 400 });
}

function sendAtError(data: unknown): string | undefined {
  const errors = (data as { fieldErrors?: { sendAt?: string | null } } | undefined)?.fieldErrors;
  return errors?.sendAt ?? undefined;
}

export default function CampaignReview() {
  const formatDateTime = useShopDateTime();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { campaign, counts } = data;
  usePolling(ACTIVE.has(campaign.status));
  const actionError = useKeptActionError(campaign.id);
  const excludedTotal = counts.excluded.reduce((sum, e) => sum + e.n, 0);
  const queueDown = params.get("queue") === "down" && !data.queueDown;
  const notice =
    actionData && "notice" in actionData && typeof actionData.notice === "string" ? actionData.notice : null;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{campaign.name}</h1>
          <p className="lede">
            <StatusBadge status={campaign.status} />{" "}
            <SubjectLines subjects={[campaign.subject, ...campaign.subjectVariants]} />
            {campaign.category ? ` · Featuring ${campaign.category.name}` : ""}
            {campaign.archivedAt ? " · Archived" : ""}
            {data.audience ? (
              <>
                <br />
                For customers who {data.audience}.
              </>
            ) : null}
            {campaign.audienceLimit || campaign.sendWindow ? <br /> : null}
            {campaign.audienceLimit
              ? `Campaign cap: at most ${campaign.audienceLimit.toLocaleString("en-GB")} recipients, the best suited first. `
              : null}
            {campaign.sendWindow
              ? `Arrives only ${describeSendWindow(campaign.sendWindow)}, in each customer's own time.`
              : null}
          </p>
        </div>
        <CampaignActions
          campaignId={campaign.id}
          editable={data.editable}
          archivable={!ACTIVE.has(campaign.status)}
          archived={campaign.archivedAt !== null}
        />
      </div>

      {actionError ? (
        <p className="notice error" role="alert">
          {actionError}
        </p>
      ) : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {campaign.suggestion ? (
        <section className="card" aria-labelledby="suggested">
          <h2 id="suggested">Suggested by Tactful</h2>
          <p>{campaign.suggestion.rationale}</p>
          {campaign.suggestion.status === "pending" ? (
            <p className="hint">
              It waits for you:{" "}
              <Link to="/app/suggestions">accept or dismiss it on the Suggestions page</Link> before it can be
              approved.
            </p>
          ) : null}
        </section>
      ) : null}
      {queueDown ? (
        <p className="notice warn" role="alert">
          The job queue (Redis) was not reachable, so drafting has not started. Your campaign is saved.
        </p>
      ) : null}
      {data.queueDown ? (
        <p className="notice warn" role="status">
          The job queue (Redis) is not reachable, so this campaign is not queued and no worker will pick it
          up. It is saved: queue it again once Redis answers.
        </p>
      ) : null}
      {campaign.lastError && campaign.status !== "failed" ? (
        <p className="notice warn" role="status">
          {campaign.lastError}
        </p>
      ) : null}
      {campaign.status === "failed" ? (
        <p className="notice error" role="alert">
          This campaign failed: {campaign.lastError ?? "unknown error"}.
        </p>
      ) : null}

      {ACTIVE.has(campaign.status) ? (
        <section className="card" aria-labelledby="progress">
          <h2 id="progress">Progress</h2>
          <Progress
            stage={
              campaign.status === "paused" ? "paused" : data.queueDown ? "not-queued" : campaign.progressStage
            }
            done={campaign.progressDone}
            total={campaign.progressTotal}
          />
          {data.isOwner ? (
            <CampaignControls status={campaign.status} sendAt={campaign.sendAt} timeZone={data.timeZone} />
          ) : null}
          {data.stalled || data.queueDown ? (
            <Form method="post">
              <CsrfInput />
              <input
                type="hidden"
                name="intent"
                value={campaign.status === "approved" ? "dispatch" : "draft"}
              />
              {data.queueDown ? null : (
                <p className="hint">
                  Nothing has moved for a while. Is a worker running (<code>npm run worker</code>)?
                </p>
              )}
              <button className="btn" type="submit">
                Queue it again
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {campaign.status === "draft" || campaign.status === "failed" || campaign.status === "review" ? (
        <Form method="post" className="card">
          <CsrfInput />
          <input type="hidden" name="intent" value="draft" />
          <p>
            {campaign.status === "review"
              ? "Customer data changed? Draft again to re-check everyone."
              : "Draft a personal email for each customer who fits."}
          </p>
          <button className="btn" type="submit">
            {campaign.status === "review" ? "Draft again" : "Draft emails"}
          </button>
        </Form>
      ) : null}

      {counts.recipients + excludedTotal > 0 ? (
        <section className="card" aria-labelledby="audience">
          <h2 id="audience">Who is in, who is out</h2>
          <ReasonChart recipients={counts.recipients} excluded={counts.excluded} />
          {excludedTotal > 0 ? (
            <p>
              <Link to="?list=out#people">See who is left out, and why</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {campaign.status === "review" && counts.recipients === 0 ? (
        <p className="notice warn" role="status">
          No one can receive this campaign right now. The reasons are below; often it is the frequency cap, so
          try again in a few days.
        </p>
      ) : null}

      {data.checks && counts.recipients > 0 ? <ChecksSummary {...data.checks} /> : null}

      {data.checks && counts.recipients > 0 && campaign.suggestion?.status !== "pending" ? (
        <ApprovePanel
          isOwner={data.isOwner}
          recipients={counts.recipients}
          findings={data.checks.findings}
          sendAtError={sendAtError(actionData)}
          timeZone={data.timeZone}
        />
      ) : null}

      {campaign.approvedAt ? (
        <section className="card" aria-labelledby="delivery">
          <h2 id="delivery">Delivery</h2>
          <p>Approved {formatDateTime(campaign.approvedAt)}.</p>
          {campaign.acknowledgedWarnings.length > 0 ? (
            <ul className="reasons" aria-label="Warnings acknowledged at approval">
              {campaign.acknowledgedWarnings.map((w) => (
                <li key={w.id}>Acknowledged: {w.text}</li>
              ))}
            </ul>
          ) : null}
          <div className="grid grid-counts">
            {(["sent", "queued", "skipped", "failed", "unknown"] as const).map((s) => (
              <div key={s}>
                <div className="stat">{(counts.byStatus[s] ?? 0).toLocaleString("en-GB")}</div>
                <div className="stat-label">
                  <StatusBadge status={s} />
                </div>
              </div>
            ))}
          </div>
          <DeliveryHint
            note={data.delivery}
            inWindow={campaign.sendWindow !== null}
            timeZone={data.timeZone}
          />
          <ClickSummary {...data.clicks} />
          {counts.skippedAtSend.length > 0 ? (
            <ul className="reasons" aria-label="Skipped at the moment of sending">
              {counts.skippedAtSend.map((s) => (
                <li key={s.reason ?? "none"}>
                  {reasonLabel(s.reason)}: {s.n}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      <UnknownMessages rows={data.unknown} total={counts.byStatus.unknown ?? 0} isOwner={data.isOwner} />
      <Samples samples={data.samples} />
      {counts.recipients + excludedTotal > 0 ? (
        <Form method="get" role="search" className="card search-people" preventScrollReset>
          <label htmlFor="people-search">Find a customer in these lists</label>
          <div className="search-row">
            <input
              id="people-search"
              type="search"
              name="q"
              defaultValue={data.q}
              placeholder="Email or name"
              maxLength={100}
            />
            <button type="submit" className="btn">
              Search
            </button>
            {data.q ? <Link to="?">Show everyone</Link> : null}
          </div>
        </Form>
      ) : null}
      {counts.recipients + excludedTotal > 0 && !data.q ? (
        <PeopleTabs list={data.list} recipients={counts.recipients} excluded={excludedTotal} />
      ) : null}
      {data.recipients ? (
        <RecipientTable
          rows={data.recipients}
          page={data.page}
          pageSize={data.pageSize}
          q={data.q}
          removable={campaign.status === "review" || campaign.status === "approved"}
        />
      ) : null}
      {data.excluded ? (
        <ExclusionTable
          rows={data.excluded}
          page={data.xpage}
          pageSize={data.pageSize}
          q={data.q}
          restorable={
            campaign.status === "review"
              ? counts.excluded.filter((e) => (RESTORABLE as readonly string[]).includes(e.reason))
              : []
          }
        />
      ) : null}
    </>
  );
}

// Errors (such as another shop's id) show inside the dashboard frame.
export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
