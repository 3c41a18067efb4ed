import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { CommandForm } from "@/components/ui/command-form";
import { PageHeading } from "@/components/ui/page-heading";
import { loadForPage, requirePageContext } from "@/lib/auth/page-guard";
import { formatDateTime } from "@/lib/i18n/format";
import { listApiTokens } from "@/lib/services/list-api-tokens";
import { revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tokens"))("title") };
}

export default async function TokensPage() {
  const ctx = await requirePageContext();
  const [tokens, t, locale] = await Promise.all([loadForPage(() => listApiTokens({ ctx, input: undefined })), getTranslations("tokens"), getLocale()]);
  return (
    <>
      <PageHeading title={t("title")} intro={t("intro")} />
      <Card title={t("createHeading")}>
        <CreateTokenForm />
      </Card>
      <Card title={t("listHeading")}>
        {tokens.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  {(["name", "owner", "prefix", "created", "expires", "lastUsed", "status"] as const).map((h) => (
                    <th key={h} scope="col" className="py-2 pr-3">
                      {t(h)}
                    </th>
                  ))}
                  <th scope="col" className="py-2">
                    <span className="sr-only">{t("revoke")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => {
                  const status = token.status;
                  return (
                    <tr key={token.id} className="border-b border-slate-200" data-testid="token-row">
                      <td className="py-2 pr-3">{token.name}</td>
                      <td className="py-2 pr-3">{token.ownerEmail}</td>
                      <td className="py-2 pr-3 font-mono">{token.prefix}…</td>
                      <td className="py-2 pr-3">{formatDateTime(locale, token.createdAt)}</td>
                      <td className="py-2 pr-3">{formatDateTime(locale, token.expiresAt)}</td>
                      <td className="py-2 pr-3">{token.lastUsedAt ? formatDateTime(locale, token.lastUsedAt) : t("never")}</td>
                      <td className="py-2 pr-3">{t(status)}</td>
                      <td className="py-2">
                        {status === "active" && (
                          <CommandForm
                            action={revokeTokenAction}
                            fields={{ tokenId: token.id }}
                            label={t("revoke")}
                            ariaLabel={t("revokeLabel", { name: token.name })}
                            look="dangerLink"
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
