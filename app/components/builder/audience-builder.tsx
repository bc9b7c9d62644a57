import { useState } from "react";
import type { Audience, Rule } from "../../../jobs/audience/rules";

export type BuilderOptions = {
  products: { id: number; name: string }[];
  categories: { id: number; name: string }[];
  countries: { country: string; n: number }[];
  predictionsProblem: string | null;
  /** The shop's currency sign, for the spend rule's amount. */
  currencySymbol: string;
};

type Group = Audience["groups"][number];

const NEW_RULES: Record<Rule["kind"], () => Rule> = {
  bought: () => ({ kind: "bought", negate: false, target: "category", id: 0 }),
  last_order: () => ({ kind: "last_order", op: "before", date: "" }),
  orders: () => ({ kind: "orders", op: "gte", value: 2 }),
  spend: () => ({ kind: "spend", op: "gte", value: 50 }),
  country: () => ({ kind: "country", negate: false, countries: [] }),
  predicted: () => ({ kind: "predicted", measure: "active", op: "gte", value: 50 }),
};

const KIND_LABELS: Record<Rule["kind"], string> = {
  bought: "Bought / did not buy",
  last_order: "Last order",
  orders: "Number of orders",
  spend: "Total spend",
  country: "Location",
  predicted: "Predicted activity",
};

function RuleFields(props: {
  rule: Rule;
  label: string;
  options: BuilderOptions;
  onChange: (rule: Rule) => void;
}) {
  const { rule, label, onChange } = props;
  const id = label.replace(/\W+/g, "-").toLowerCase();
  switch (rule.kind) {
    case "bought":
      return (
        <>
          <select
            aria-label={`${label}: bought or not`}
            value={rule.negate ? "no" : "yes"}
            onChange={(e) => onChange({ ...rule, negate: e.target.value === "no" })}
          >
            <option value="yes">bought</option>
            <option value="no">did not buy</option>
          </select>
          <select
            aria-label={`${label}: product or category`}
            value={rule.id ? `${rule.target}:${rule.id}` : ""}
            onChange={(e) => {
              const [target, value] = e.target.value.split(":");
              onChange({
                ...rule,
                target: target === "product" ? "product" : "category",
                id: Number(value) || 0,
              });
            }}
          >
            <option value="">Choose…</option>
            <optgroup label="Categories">
              {props.options.categories.map((c) => (
                <option key={c.id} value={`category:${c.id}`}>
                  {c.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Products">
              {props.options.products.map((p) => (
                <option key={p.id} value={`product:${p.id}`}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          </select>
        </>
      );
    case "last_order":
      return (
        <>
          <select
            aria-label={`${label}: before or after`}
            value={rule.op}
            onChange={(e) => onChange({ ...rule, op: e.target.value === "after" ? "after" : "before" })}
          >
            <option value="before">before</option>
            <option value="after">after</option>
          </select>
          <input
            type="date"
            aria-label={`${label}: date`}
            value={rule.date}
            onChange={(e) => onChange({ ...rule, date: e.target.value })}
          />
        </>
      );
    case "orders":
    case "spend":
      return (
        <>
          <select
            aria-label={`${label}: at least or at most`}
            value={rule.op}
            onChange={(e) => onChange({ ...rule, op: e.target.value === "lte" ? "lte" : "gte" })}
          >
            <option value="gte">at least</option>
            <option value="lte">at most</option>
          </select>
          <span className="with-unit">
            {rule.kind === "spend" ? <span aria-hidden="true">{props.options.currencySymbol}</span> : null}
            <input
              type="number"
              min={0}
              step={rule.kind === "spend" ? "0.01" : "1"}
              inputMode={rule.kind === "spend" ? "decimal" : "numeric"}
              aria-label={rule.kind === "spend" ? `${label}: amount in pounds` : `${label}: number of orders`}
              value={Number.isFinite(rule.value) ? rule.value : ""}
              onChange={(e) => onChange({ ...rule, value: e.target.valueAsNumber })}
            />
            {rule.kind === "orders" ? <span>orders</span> : null}
          </span>
        </>
      );
    case "predicted":
      return (
        <>
          <select
            aria-label={`${label}: what is predicted`}
            value={rule.measure}
            onChange={(e) =>
              onChange({ ...rule, measure: e.target.value === "purchases_90" ? "purchases_90" : "active" })
            }
          >
            <option value="active">chance still active</option>
            <option value="purchases_90">purchases in the next 90 days</option>
          </select>
          <select
            aria-label={`${label}: at least or at most`}
            value={rule.op}
            onChange={(e) => onChange({ ...rule, op: e.target.value === "lte" ? "lte" : "gte" })}
          >
            <option value="gte">at least</option>
            <option value="lte">at most</option>
          </select>
          <span className="with-unit">
            <input
              type="number"
              min={0}
              max={rule.measure === "active" ? 100 : undefined}
              step={rule.measure === "active" ? "1" : "0.1"}
              inputMode="decimal"
              aria-label={rule.measure === "active" ? `${label}: percent` : `${label}: purchases`}
              value={Number.isFinite(rule.value) ? rule.value : ""}
              onChange={(e) => onChange({ ...rule, value: e.target.valueAsNumber })}
            />
            <span>{rule.measure === "active" ? "%" : "purchases"}</span>
          </span>
          {props.options.predictionsProblem ? (
            <p className="field-error rule-note">{props.options.predictionsProblem}</p>
          ) : null}
        </>
      );
    case "country":
      return (
        <>
          <select
            aria-label={`${label}: in or not in`}
            value={rule.negate ? "no" : "yes"}
            onChange={(e) => onChange({ ...rule, negate: e.target.value === "no" })}
          >
            <option value="yes">is in</option>
            <option value="no">is not in</option>
          </select>
          <fieldset className="countries" aria-label={`${label}: countries`}>
            {props.options.countries.length === 0 ? (
              <span className="hint">No customer has a country yet.</span>
            ) : null}
            {props.options.countries.map(({ country, n }) => (
              <label key={country} className="chip" htmlFor={`${id}-${country}`}>
                <input
                  id={`${id}-${country}`}
                  type="checkbox"
                  checked={rule.countries.includes(country)}
                  onChange={(e) =>
                    onChange({
                      ...rule,
                      countries: e.target.checked
                        ? [...rule.countries, country]
                        : rule.countries.filter((c) => c !== country),
                    })
                  }
                />
                {country} <span className="muted">({n.toLocaleString("en-GB")})</span>
              </label>
            ))}
          </fieldset>
        </>
      );
  }
}

/**
 * Audience rules as plain form controls: every control is labelled, works by
 * keyboard, and the whole set travels as JSON in one hidden field that the
 * server validates.
 */
export function AudienceBuilder(props: {
  initial: Audience | null;
  options: BuilderOptions;
  error?: string;
  onChange: (audience: Audience | null) => void;
}) {
  const [audience, setAudience] = useState<Audience | null>(props.initial);
  const update = (next: Audience | null) => {
    setAudience(next);
    props.onChange(next);
  };
  const setGroup = (gi: number, group: Group | null) => {
    if (!audience) return;
    const groups = audience.groups.flatMap((g, i) => (i !== gi ? [g] : group ? [group] : []));
    update(groups.length > 0 ? { ...audience, groups } : null);
  };
  const addGroup = () =>
    update({
      match: audience?.match ?? "any",
      groups: [...(audience?.groups ?? []), { match: "all", rules: [NEW_RULES.orders()] }],
    });

  return (
    <fieldset className="field audience" aria-describedby={props.error ? "audience-error" : "audience-hint"}>
      <legend>Who it is for</legend>
      <input type="hidden" name="audience" value={audience ? JSON.stringify(audience) : ""} />
      <p className="hint" id="audience-hint">
        {audience
          ? "Customers who match these rules are considered; the rules that protect people still apply."
          : "Everyone with orders is considered. Add rules to narrow it down."}
      </p>
      {audience && audience.groups.length > 1 ? (
        <label className="inline">
          Customers match{" "}
          <select
            value={audience.match}
            onChange={(e) => update({ ...audience, match: e.target.value === "all" ? "all" : "any" })}
          >
            <option value="any">any</option>
            <option value="all">all</option>
          </select>{" "}
          of these groups
        </label>
      ) : null}
      {audience?.groups.map((group, gi) => {
        const groupLabel = `Group ${gi + 1}`;
        return (
          <fieldset className="rule-group" key={gi}>
            <legend>{groupLabel}</legend>
            {group.rules.length > 1 ? (
              <label className="inline">
                Match{" "}
                <select
                  value={group.match}
                  onChange={(e) =>
                    setGroup(gi, { ...group, match: e.target.value === "any" ? "any" : "all" })
                  }
                >
                  <option value="all">all</option>
                  <option value="any">any</option>
                </select>{" "}
                of these rules
              </label>
            ) : null}
            {group.rules.map((rule, ri) => {
              const label = `${groupLabel}, rule ${ri + 1}`;
              const setRule = (next: Rule | null) => {
                const rules = group.rules.flatMap((r, i) => (i !== ri ? [r] : next ? [next] : []));
                setGroup(gi, rules.length > 0 ? { ...group, rules } : null);
              };
              return (
                <div className="rule" key={ri} role="group" aria-label={label}>
                  <select
                    aria-label={`${label}: kind`}
                    value={rule.kind}
                    onChange={(e) => setRule(NEW_RULES[e.target.value as Rule["kind"]]())}
                  >
                    {Object.entries(KIND_LABELS).map(([kind, text]) => {
                      // Offered only with a fresh model run, but kept visible on a rule that already uses it.
                      const unavailable =
                        kind === "predicted" &&
                        props.options.predictionsProblem !== null &&
                        rule.kind !== kind;
                      return (
                        <option key={kind} value={kind} disabled={unavailable}>
                          {text}
                          {unavailable ? " (needs a fresh customer model)" : ""}
                        </option>
                      );
                    })}
                  </select>
                  <RuleFields rule={rule} label={label} options={props.options} onChange={setRule} />
                  <button type="button" className="btn btn-small" onClick={() => setRule(null)}>
                    Remove<span className="visually-hidden"> {label.toLowerCase()}</span>
                  </button>
                </div>
              );
            })}
            {group.rules.length < 10 ? (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setGroup(gi, { ...group, rules: [...group.rules, NEW_RULES.bought()] })}
              >
                Add a rule<span className="visually-hidden"> to {groupLabel.toLowerCase()}</span>
              </button>
            ) : null}
          </fieldset>
        );
      })}
      {(audience?.groups.length ?? 0) < 5 ? (
        <div>
          <button type="button" className="btn btn-small" onClick={addGroup}>
            {audience ? "Add a group (or)" : "Add a rule"}
          </button>
        </div>
      ) : null}
      {props.error ? (
        <p className="field-error" id="audience-error">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}
