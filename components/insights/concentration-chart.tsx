"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { HhiBand } from "@/lib/insights/concentration";
import { useHydrated } from "@/components/use-hydrated";

const bandFill: Record<HhiBand, string> = { unconcentrated: "#15803d", moderate: "#b45309", high: "#b91c1c" };

/**
 * HHI per product as horizontal bars coloured by band, with the band thresholds drawn in. An image to
 * assistive technology: the table beside it has the figures.
 */
export function ConcentrationChart({ bars, label }: { bars: { name: string; hhi: number; band: HhiBand }[]; label: string }) {
  // Drawn on the client only: its computed height and recharts' own sizes are inline styles (useHydrated).
  const hydrated = useHydrated();
  return (
    <div role="img" aria-label={label} className="min-h-[120px]" style={hydrated ? { height: Math.max(120, 40 * bars.length + 60) } : undefined} data-testid="concentration-chart">
      {hydrated && (
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ left: 16, right: 24, top: 8, bottom: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 10000]} ticks={[0, 1500, 2500, 5000, 10000]} />
          <YAxis type="category" dataKey="name" width={180} />
          <ReferenceLine x={1500} stroke="#b45309" strokeDasharray="4 4" />
          <ReferenceLine x={2500} stroke="#b91c1c" strokeDasharray="4 4" />
          <Bar dataKey="hhi" isAnimationActive={false}>
            {bars.map((b) => (
              <Cell key={b.name} fill={bandFill[b.band]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      )}
    </div>
  );
}
