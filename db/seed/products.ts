// The critical-product taxonomy: Japan's specified critical products (Economic Security Promotion Act)
// and the EU Critical Raw Materials Act's strategic raw materials. Codes are stable identifiers.
export const criticalProductSeed = [
  { code: "antimicrobials", category: "jp_specified", nameEn: "Antimicrobials", nameJa: "抗菌性物質製剤" },
  { code: "fertilizers", category: "jp_specified", nameEn: "Fertilizers", nameJa: "肥料" },
  { code: "permanent_magnets", category: "jp_specified", nameEn: "Permanent magnets", nameJa: "永久磁石" },
  { code: "machine_tools_robots", category: "jp_specified", nameEn: "Machine tools and industrial robots", nameJa: "工作機械・産業用ロボット" },
  { code: "aircraft_parts", category: "jp_specified", nameEn: "Aircraft parts", nameJa: "航空機の部品" },
  { code: "semiconductors", category: "jp_specified", nameEn: "Semiconductors", nameJa: "半導体" },
  { code: "storage_batteries", category: "jp_specified", nameEn: "Storage batteries", nameJa: "蓄電池" },
  { code: "cloud_programs", category: "jp_specified", nameEn: "Cloud programs", nameJa: "クラウドプログラム" },
  { code: "natural_gas", category: "jp_specified", nameEn: "Natural gas", nameJa: "可燃性天然ガス" },
  { code: "critical_minerals", category: "jp_specified", nameEn: "Critical minerals (incl. uranium)", nameJa: "重要鉱物（ウランを含む）" },
  { code: "ship_parts", category: "jp_specified", nameEn: "Ship parts", nameJa: "船舶の部品" },
  { code: "capacitors_filters", category: "jp_specified", nameEn: "Capacitors and filters", nameJa: "コンデンサー及びろ波器" },
  { code: "crm_aluminium", category: "eu_crma", nameEn: "Bauxite, alumina and aluminium", nameJa: "ボーキサイト・アルミナ・アルミニウム" },
  { code: "crm_bismuth", category: "eu_crma", nameEn: "Bismuth", nameJa: "ビスマス" },
  { code: "crm_boron", category: "eu_crma", nameEn: "Boron (metallurgy grade)", nameJa: "ホウ素（冶金グレード）" },
  { code: "crm_cobalt", category: "eu_crma", nameEn: "Cobalt", nameJa: "コバルト" },
  { code: "crm_copper", category: "eu_crma", nameEn: "Copper", nameJa: "銅" },
  { code: "crm_gallium", category: "eu_crma", nameEn: "Gallium", nameJa: "ガリウム" },
  { code: "crm_germanium", category: "eu_crma", nameEn: "Germanium", nameJa: "ゲルマニウム" },
  { code: "crm_graphite", category: "eu_crma", nameEn: "Natural graphite (battery grade)", nameJa: "天然黒鉛（電池グレード）" },
  { code: "crm_lithium", category: "eu_crma", nameEn: "Lithium (battery grade)", nameJa: "リチウム（電池グレード）" },
  { code: "crm_magnesium", category: "eu_crma", nameEn: "Magnesium metal", nameJa: "マグネシウム金属" },
  { code: "crm_manganese", category: "eu_crma", nameEn: "Manganese (battery grade)", nameJa: "マンガン（電池グレード）" },
  { code: "crm_nickel", category: "eu_crma", nameEn: "Nickel (battery grade)", nameJa: "ニッケル（電池グレード）" },
  { code: "crm_pgm", category: "eu_crma", nameEn: "Platinum group metals", nameJa: "白金族金属" },
  { code: "crm_rare_earths_magnets", category: "eu_crma", nameEn: "Rare earth elements for magnets", nameJa: "磁石用レアアース" },
  { code: "crm_silicon_metal", category: "eu_crma", nameEn: "Silicon metal", nameJa: "金属ケイ素" },
  { code: "crm_titanium", category: "eu_crma", nameEn: "Titanium metal", nameJa: "チタン金属" },
  { code: "crm_tungsten", category: "eu_crma", nameEn: "Tungsten", nameJa: "タングステン" },
] as const satisfies ReadonlyArray<{ code: string; category: "jp_specified" | "eu_crma"; nameEn: string; nameJa: string }>;

export type ProductCode = (typeof criticalProductSeed)[number]["code"];
export const productCodes = criticalProductSeed.map((p) => p.code) as [ProductCode, ...ProductCode[]];
