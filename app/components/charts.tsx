type Series = { name: string; className: string; values: number[] };

/**
 * Grouped vertical bars with their values as text: for small categorical
 * comparisons (predicted vs actual per group, a histogram). Plain SVG, so it
 * prints, scales and reads without JavaScript.
 */
export function BarChart(props: {
  labels: string[];
  series: Series[];
  title: string;
  format?: (v: number) => string;
}) {
  const format = props.format ?? ((v: number) => v.toLocaleString("en-GB", { maximumFractionDigits: 1 }));
  const width = 640;
  const height = 220;
  const top = 20;
  const bottom = 36;
  const plot = height - top - bottom;
  const max = Math.max(1e-9, ...props.series.flatMap((s) => s.values));
  const groupWidth = width / props.labels.length;
  const barWidth = Math.min(28, (groupWidth - 12) / props.series.length);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title}>
        {props.labels.map((label, g) => {
          const x0 = g * groupWidth + (groupWidth - barWidth * props.series.length) / 2;
          return (
            <g key={label}>
              {props.series.map((s, i) => {
                const h = (s.values[g] / max) * plot;
                const x = x0 + i * barWidth;
                return (
                  <g key={s.name}>
                    <rect
                      className={s.className}
                      x={x + 1}
                      y={top + plot - h}
                      width={barWidth - 2}
                      height={h}
                    >
                      <title>{`${s.name}, ${label}: ${format(s.values[g])}`}</title>
                    </rect>
                    <text
                      x={x + barWidth / 2}
                      y={top + plot - h - 4}
                      textAnchor="middle"
                      className="chart-value"
                    >
                      {format(s.values[g])}
                    </text>
                  </g>
                );
              })}
              <text
                x={g * groupWidth + groupWidth / 2}
                y={height - 14}
                textAnchor="middle"
                className="chart-label"
              >
                {label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {props.series.map((s) => (
          <span key={s.name} className="legend">
            <span className={`swatch ${s.className}`} aria-hidden="true" /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
