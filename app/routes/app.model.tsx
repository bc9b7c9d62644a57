import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BarChart } from "~/components/charts";
import { CsrfInput } from "~/components/csrf-input";
import { formatDate } from "~/components/dates";
import { useShopDateTime } from "~/components/use-shop-time";
import { Progress } from "~/components/progress";
import { usePolling } from "~/components/use-polling";
import { getModelPage, requestModelRun } from "~/models/customer-model.server";
import { requireUser } from "~/session.server";
import { moneyFormat } from "../../templates/money";

export const meta: MetaFunction = () => [{ title: "Customer model · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  return json({
    ...getModelPage({ shopId: shop.id }),
    shopMoney: { currency: shop.currency, locale: shop.locale },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireUser(request);
  const result = await requestModelRun({ shopId: shop.id });
  return json(result.ok ? { error: null } : { error: result.error }, { status: result.ok ? 202 : 503 });
}

const fixed = (v: number, digits = 3) => v.toLocaleString("en-GB", { maximumFractionDigits: digits });

function RunStatus() {
  const { latest } = useLoaderData<typeof loader>();
  const formatDateTime = useShopDateTime();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const running = latest?.status === "running";
  usePolling(running);
  return (
    <section className="card" aria-labelledby="run">
      <h2 id="run">Scoring run</h2>
      {running ? (
        <Progress stage="modelling" done={latest.progressDone} total={latest.customers} />
      ) : (
        <Form method="post" className="inline-form">
          <CsrfInput />
          <p className="hint">
            Campaigns refit the model by themselves when it is a day old or orders have arrived since. Refit
            now to see today&rsquo;s figures.
          </p>
          <button className="btn" type="submit" disabled={busy}>
            {busy ? "Starting…" : "Refit now"}
          </button>
        </Form>
      )}
      {latest?.status === "failed" ? (
        <p className="notice error" role="alert">
          The last run, started {formatDateTime(latest.startedAt)}, failed: {latest.error}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="notice error" role="alert">
          {actionData.error}
        </p>
      ) : null}
    </section>
  );
}

function Holdout() {
  const { holdout } = useLoaderData<typeof loader>();
  if (!holdout) return null;
  return (
    <section className="card" aria-labelledby="backtest">
      <h2 id="backtest">Does it predict? The last {holdout.weeks} weeks, hidden from the model</h2>
      <p>
        Fitted on orders before {formatDate(holdout.calibrationEnd)}, then asked how often each customer would
        buy in the {holdout.weeks} weeks after. Bars show the average per customer, grouped by how many times
        they had reordered before.
      </p>
      <BarChart
        title="Predicted and actual purchases in the holdout weeks, by earlier repeat purchases"
        labels={holdout.byFrequency.map((b) => `${b.frequency} (${b.customers})`)}
        series={[
          { name: "Predicted", className: "series-a", values: holdout.byFrequency.map((b) => b.predicted) },
          { name: "Actual", className: "series-b", values: holdout.byFrequency.map((b) => b.actual) },
        ]}
      />
      <p>
        Ranking who would buy again ({holdout.holdoutBuyers.toLocaleString("en-GB")} did): the model puts a
        buyer above a non-buyer {Math.round(holdout.auc.model * 100)}% of the time; ranking by recent and
        frequent orders alone does so {Math.round(holdout.auc.rfmBaseline * 100)}% of the time.
      </p>
    </section>
  );
}

export default function ModelPage() {
  const { used, shopMoney } = useLoaderData<typeof loader>();
  const formatDateTime = useShopDateTime();
  const format = moneyFormat(shopMoney);
  // The model's spend is in the currency's units; prices elsewhere are in hundredths.
  const money = (units: number) => format(Math.round(units * 100));
  const intro = (
    <div className="page-head">
      <div>
        <h1>Customer model</h1>
        <p className="lede">
          How likely each customer is still buying from you, what they are likely to spend, which products go
          together and when people reorder: the BG/NBD and Gamma-Gamma models, co-purchase similarity and
          reorder intervals, fitted to your own orders. Campaigns rank customers with it.
        </p>
      </div>
    </div>
  );
  if (!used?.bgnbd || !used.gammaGamma || !used.predictions) {
    return (
      <>
        {intro}
        <RunStatus />
        <p className="card empty">
          {used?.note ??
            "No model fitted yet. It is fitted when a campaign is drafted, or now with \u201cRefit now\u201d."}
        </p>
      </>
    );
  }
  const { bgnbd, gammaGamma, predictions } = used;
  return (
    <>
      {intro}
      <RunStatus />
      <section className="card" aria-labelledby="alive">
        <h2 id="alive">How likely customers are still active</h2>
        <p>
          {predictions.customers.toLocaleString("en-GB")} customers, on their orders from{" "}
          {formatDate(used.dataFrom)} to {formatDateTime(used.dataTo)}.
        </p>
        <BarChart
          title="Customers by probability of still being active"
          labels={predictions.pAliveHistogram.map(
            (b) => `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`,
          )}
          series={[
            {
              name: "Customers",
              className: "series-a",
              values: predictions.pAliveHistogram.map((b) => b.count),
            },
          ]}
          format={(v) => String(v)}
        />
        <p>
          Expected spend in the next 12 months: median {money(predictions.clv.median)}, mean{" "}
          {money(predictions.clv.mean)}, top 10% above {money(predictions.clv.top10)}.
        </p>
      </section>
      <Holdout />
      <section className="card" aria-labelledby="params">
        <h2 id="params">Fitted parameters (the run campaigns use)</h2>
        <dl className="headers">
          <dt>Version</dt>
          <dd>
            {used.modelVersion}, run {used.id}, fitted {used.fittedAt ? formatDateTime(used.fittedAt) : "—"}
          </dd>
          <dt>Fitted on</dt>
          <dd>
            {used.fittedOn < used.customers
              ? `A systematic sample of ${used.fittedOn.toLocaleString("en-GB")} of ${used.customers.toLocaleString("en-GB")} customers (more no longer moves the estimates); every customer is scored`
              : `All ${used.customers.toLocaleString("en-GB")} customers with orders`}
          </dd>
          <dt>BG/NBD purchase rate</dt>
          <dd>
            r = {fixed(bgnbd.r)}, α = {fixed(bgnbd.alpha)} (time in weeks)
          </dd>
          <dt>BG/NBD dropout</dt>
          <dd>
            a = {fixed(bgnbd.a)}, b = {fixed(bgnbd.b)}
          </dd>
          <dt>Log-likelihood</dt>
          <dd>{fixed(bgnbd.logLikelihood, 1)}</dd>
          <dt>Gamma-Gamma spend</dt>
          <dd>
            p = {fixed(gammaGamma.p)}, q = {fixed(gammaGamma.q)}, γ = {fixed(gammaGamma.gamma)} (
            {gammaGamma.customers.toLocaleString("en-GB")} repeat customers)
          </dd>
          <dt>Reorder intervals</dt>
          <dd>{used.products} replenishable products</dd>
        </dl>
      </section>
    </>
  );
}
