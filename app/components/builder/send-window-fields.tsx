import { useState } from "react";

const DAYS = [
  { value: 1, label: "Mon", name: "Monday" },
  { value: 2, label: "Tue", name: "Tuesday" },
  { value: 3, label: "Wed", name: "Wednesday" },
  { value: 4, label: "Thu", name: "Thursday" },
  { value: 5, label: "Fri", name: "Friday" },
  { value: 6, label: "Sat", name: "Saturday" },
  { value: 0, label: "Sun", name: "Sunday" },
];

export type SendWindowValues = {
  windowMode: string;
  windowStart: string;
  windowEnd: string;
  /** Ticked weekdays, comma-separated (0 is Sunday). */
  windowDays: string;
};

type Errors = Partial<Record<"windowStart" | "windowEnd" | "windowDays", string>>;

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p className="field-error" id={id}>
      {error}
    </p>
  ) : null;
}

/** When the campaign's emails may arrive: any time outside quiet hours, or only within a window. */
export function SendWindowFields(props: {
  values: SendWindowValues;
  errors: Errors;
  quietHours: { startHour: number; endHour: number };
}) {
  const { values, errors, quietHours } = props;
  const [mode, setMode] = useState(values.windowMode === "window" ? "window" : "any");
  const ticked = new Set(values.windowDays.split(",").filter(Boolean).map(Number));
  const quiet =
    quietHours.startHour === quietHours.endHour
      ? "Your shop has no quiet hours."
      : `Your quiet hours (${quietHours.startHour}:00 to ${quietHours.endHour}:00) always apply as well.`;
  return (
    <fieldset className="field send-window" aria-describedby="send-window-hint">
      <legend>When emails may arrive</legend>
      <p className="hint" id="send-window-hint">
        In each customer&rsquo;s own time zone. An email outside these times waits for the next allowed time;
        it is never dropped. {quiet}
      </p>
      <label className="checkbox">
        <input
          type="radio"
          name="windowMode"
          value="any"
          checked={mode === "any"}
          onChange={() => setMode("any")}
        />
        Any time outside quiet hours
      </label>
      <label className="checkbox">
        <input
          type="radio"
          name="windowMode"
          value="window"
          checked={mode === "window"}
          onChange={() => setMode("window")}
        />
        Only at certain times
      </label>
      {mode === "window" ? (
        <div className="window-detail">
          <div className="window-times">
            <div>
              <label htmlFor="field-windowStart">From</label>
              <input
                id="field-windowStart"
                name="windowStart"
                type="time"
                defaultValue={values.windowStart}
                aria-invalid={errors.windowStart ? true : undefined}
                aria-describedby={errors.windowStart ? "field-windowStart-error" : undefined}
              />
            </div>
            <div>
              <label htmlFor="field-windowEnd">Until</label>
              <input
                id="field-windowEnd"
                name="windowEnd"
                type="time"
                defaultValue={values.windowEnd}
                aria-invalid={errors.windowEnd ? true : undefined}
                aria-describedby={errors.windowEnd ? "field-windowEnd-error" : undefined}
              />
            </div>
          </div>
          <FieldError id="field-windowStart-error" error={errors.windowStart} />
          <FieldError id="field-windowEnd-error" error={errors.windowEnd} />
          <p className="hint">Leave both times empty to allow the whole day on the ticked days.</p>
          <fieldset
            className="window-days"
            aria-invalid={errors.windowDays ? true : undefined}
            aria-describedby={errors.windowDays ? "field-windowDays-error" : undefined}
          >
            <legend className="visually-hidden">Days</legend>
            {DAYS.map((d) => (
              <label key={d.value} className="checkbox">
                <input
                  type="checkbox"
                  name="windowDays"
                  value={d.value}
                  defaultChecked={ticked.has(d.value)}
                  aria-label={d.name}
                />
                <span aria-hidden="true">{d.label}</span>
              </label>
            ))}
          </fieldset>
          <FieldError id="field-windowDays-error" error={errors.windowDays} />
        </div>
      ) : null}
    </fieldset>
  );
}
