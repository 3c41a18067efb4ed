import { getTranslations } from "next-intl/server";
import { Frame } from "./frame";

/** Skip link, main landmark and footer around every page. */
export async function PageFrame({ header, children }: { header: React.ReactNode; children: React.ReactNode }) {
  const t = await getTranslations("shell");
  return (
    <Frame header={header} labels={{ skipToContent: t("skipToContent"), footer: t("footer"), privacyLink: t("privacyLink") }}>
      {children}
    </Frame>
  );
}
