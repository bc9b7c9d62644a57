import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts";
import { formatDate } from "~/components/dates";
import { getShopModel } from "~/models/customer-model.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Customer model · Tactful" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireUser(request);
  return json({ model: getShopModel({ shopId: shop.id }) });
}

const money = (v: number) => new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(v);
const fixed = (v: number, digits = 3) => v.toLocaleString("en-GB", { maximumFractionDigits: digits });

export default function ModelPage() {
  const { model } = useLoaderData<typeof loader>();
  if (!model) {
    return (
      <>
        <h1>Customer model</h1>
        <p className="card empty">
          Not enough history yet: the model needs at least 20 customers who have ordered more than once. Until
          then, campaigns rank customers by how recently and how often they ordered.
        </p>
      </>
    );
  }
  const { bgnbd, gammaGamma, backtest } = model;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Customer model</h1>
          <p className="lede">
            How likely each customer is still buying from you, and what they are likely to spend: the BG/NBD
            and Gamma-Gamma models, fitted to {model.data.customers.toLocaleString("en-GB")} customers&rsquo;
            orders from {formatDate(model.data.firstOrder)} to {formatDate(model.data.to)}.
          </p>
        </div>
      </div>

      <section className="card" aria-labelledby="backtest">
        <h2 id="backtest">Does it predict? The last {backtest.weeks} weeks, hidden from the model</h2>
        <p>
          Fitted on orders before {formatDate(backtest.calibrationEnd)}, then asked how often each customer
          would buy in the {backtest.weeks} weeks after. Bars show the average per customer, grouped by how
          many times they had reordered before.
        </p>
        <BarChart
          title="Predicted and actual purchases in the holdout weeks, by earlier repeat purchases"
          labels={backtest.byFrequency.map((b) => `${b.frequency} (${b.customers})`)}
          series={[
            {
              name: "Predicted",
              className: "series-a",
              values: backtest.byFrequency.map((b) => b.predicted),
            },
            { name: "Actual", className: "series-b", values: backtest.byFrequency.map((b) => b.actual) },
          ]}
        />
        <p>
          Ranking who would buy again ({backtest.holdoutBuyers.toLocaleString("en-GB")} did): the model puts a
          buyer above a non-buyer {Math.round(backtest.auc.model * 100)}% of the time; ranking by recent and
          frequent orders alone does so {Math.round(backtest.auc.rfmBaseline * 100)}% of the time.
        </p>
      </section>

      <section className="card" aria-labelledby="alive">
        <h2 id="alive">How likely customers are still active</h2>
        <BarChart
          title="Customers by probability of still being active"
          labels={model.pAliveHistogram.map((b) => `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`)}
          series={[
            { name: "Customers", className: "series-a", values: model.pAliveHistogram.map((b) => b.count) },
          ]}
          format={(v) => String(v)}
        />
        <p>
          Expected spend in the next 12 months: median {money(model.clv.median)}, mean {money(model.clv.mean)}
          , top 10% above {money(model.clv.top10)}.
        </p>
      </section>

      <section className="card" aria-labelledby="params">
        <h2 id="params">Fitted parameters</h2>
        <dl className="headers">
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
          <dt>Fitted</dt>
          <dd>{formatDate(model.fittedAt)}</dd>
        </dl>
      </section>
    </>
  );
}
