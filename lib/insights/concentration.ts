// Supplier-country concentration bands for the Herfindahl-Hirschman index on a 0-10,000 scale, after the
// US DOJ/FTC Horizontal Merger Guidelines (2010): below 1,500 unconcentrated, 1,500 to 2,500 moderately
// concentrated, above 2,500 highly concentrated. (The 2023 guidelines lowered the thresholds to 1,000 and
// 1,800 for mergers; for supply risk the 2010 bands are the ones commonly quoted.)

export const hhiBands = ["unconcentrated", "moderate", "high"] as const;
export type HhiBand = (typeof hhiBands)[number];

export const HHI_MODERATE_FROM = 1500;
export const HHI_HIGH_ABOVE = 2500;

export function hhiBand(hhi: number): HhiBand {
  if (hhi > HHI_HIGH_ABOVE) return "high";
  return hhi >= HHI_MODERATE_FROM ? "moderate" : "unconcentrated";
}
