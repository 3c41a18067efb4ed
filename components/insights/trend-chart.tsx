"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { useHydrated } from "@/components/use-hydrated";

const palette = ["#1d3f6e", "#b45309", "#15803d", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#a16207"];

/**
 * HHI per product across periods, one line each; a withheld point is a gap, never interpolated. An image
 * to assistive technology: the table beside it has the figures.
 */
export function TrendChart({ periods, series, label }: { periods: string[]; series: { code: string; name: string; points: (number | null)[] }[]; label: string }) {
  const data = periods.map((period, i) => Object.fromEntries([["period", period], ...series.map((s) => [s.code, s.points[i]])]));
  // Drawn on the client only: recharts sizes its parts with inline styles (useHydrated).
  const hydrated = useHydrated();
  return (
    <div role="img" aria-label={label} className="h-[300px]" data-testid="trend-chart">
      {hydrated && (
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ left: 8, right: 24, top: 8, bottom: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="period" />
          <YAxis domain={[0, 10000]} ticks={[0, 1500, 2500, 5000, 10000]} />
          <Legend />
          {series.map((s, i) => (
            <Line key={s.code} type="linear" dataKey={s.code} name={s.name} stroke={palette[i % palette.length]} strokeWidth={2} connectNulls={false} isAnimationActive={false} dot />
          ))}
        </LineChart>
      </ResponsiveContainer>
      )}
    </div>
  );
}
