import { useTranslations } from "next-intl";
import type { TlpLabel } from "@/db/schema";

// FIRST's TLP colours on black, as the standard asks; the label and its rule are always written out.
const tone: Record<TlpLabel, string> = {
  CLEAR: "text-white",
  GREEN: "text-[#33ff00]",
  AMBER: "text-[#ffc000]",
  "AMBER+STRICT": "text-[#ffc000]",
  RED: "text-[#ff2b2b]",
};

/** The advisory's TLP label and its sharing rule, shown prominently at the top of the page. */
export function TlpBanner({ tlp }: { tlp: TlpLabel }) {
  const t = useTranslations("advisories.tlp");
  return (
    <aside aria-label={t("label")} className="mb-6 flex flex-wrap items-center gap-4 rounded-lg bg-black px-4 py-3" data-testid="tlp-banner">
      <span className={`font-mono text-xl font-bold ${tone[tlp]}`}>TLP:{tlp}</span>
      <span className="text-white">{t(tlp)}</span>
    </aside>
  );
}
