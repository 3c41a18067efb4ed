// Supplier-country concentration bands for the Herfindahl-Hirschman index on a 0-10,000 scale, after the
// US DOJ/FTC Horizontal Merger Guidelines (2010): below 1,500 unconcentrated, 1,500 to 2,500 moderately
// concentrated, above 2,500 highly concentrated. (The 2023 guidelines lowered the thresholds to 1,000 and
// 1,800 for mergers; for supply risk the 2010 bands are the ones commonly quoted.) The band is decided in
// the database (`insights_hhi_band`, migration 0035), which gives it where the exact HHI is withheld.

export const hhiBands = ["unconcentrated", "moderate", "high"] as const;
export type HhiBand = (typeof hhiBands)[number];
