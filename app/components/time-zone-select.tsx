import { useEffect, useRef } from "react";

/**
 * A select of time zones that starts on the browser's own zone once the page
 * runs, so most people need not look for theirs; without JavaScript it stays
 * on the default.
 */
export function TimeZoneSelect(props: {
  aria: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string };
  zones: string[];
  defaultValue: string;
}) {
  const ref = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const select = ref.current;
    if (select && select.value === props.defaultValue && props.zones.includes(browser))
      select.value = browser;
  }, [props.defaultValue, props.zones]);
  return (
    <select {...props.aria} ref={ref} defaultValue={props.defaultValue}>
      {props.zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </select>
  );
}
