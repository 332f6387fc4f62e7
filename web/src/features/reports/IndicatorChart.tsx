import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { IndicatorRow } from './period';

/**
 * The primary indicators' rates as bars (Recharts). The table above it carries the same numbers as text;
 * the figure is one image for assistive technology, named by a sentence with every rate.
 */
export function IndicatorChart({ rows, summary }: { rows: readonly IndicatorRow[]; summary: string }) {
  const data = rows.map((r) => ({ name: r.label, percent: r.percent, text: r.rateText }));
  return (
    <figure className="console-chart margin-x-0">
      <div role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={340}>
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 64, bottom: 8, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fill: '#1b1b1b' }} />
            <YAxis type="category" dataKey="name" width={260} tick={{ fill: '#1b1b1b', fontSize: 14 }} />
            <Bar dataKey="percent" fill="#005ea2" isAnimationActive={false}>
              <LabelList dataKey="text" position="right" fill="#1b1b1b" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="usa-hint">Rates of the table above, in percent (no bar: no one in the cohort).</figcaption>
    </figure>
  );
}
