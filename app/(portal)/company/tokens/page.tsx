import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { CommandForm } from "@/components/ui/command-form";
import { Cell, DataTable, Row } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
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
  const expiringSoon = tokens.filter((token) => token.expiresSoon).length;
  const columns = [
    ...(["name", "owner", "prefix", "created", "expires", "lastUsed", "status"] as const).map((key) => ({ key, label: t(key) })),
    { key: "actions", label: t("actions") },
  ];
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
          <>
            {expiringSoon > 0 && (
              <Notice kind="info" title={t("expiringHeading", { count: expiringSoon })}>
                <p>{t("expiringBody", { count: expiringSoon })}</p>
              </Notice>
            )}
            <DataTable captionId="tokens-caption" caption={t("listCaption", { count: tokens.length })} columns={columns}>
              {tokens.map((token) => (
                <Row key={token.id} data-testid="token-row">
                  <Cell>{token.name}</Cell>
                  <Cell>{token.ownerEmail}</Cell>
                  <Cell className="font-mono">{token.prefix}…</Cell>
                  <Cell>{formatDateTime(locale, token.createdAt)}</Cell>
                  <Cell>{formatDateTime(locale, token.expiresAt)}</Cell>
                  <Cell>{token.lastUsedAt ? formatDateTime(locale, token.lastUsedAt) : t("never")}</Cell>
                  <Cell>
                    {t(token.status)}
                    {token.expiresSoon && (
                      <>
                        {" "}
                        <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-amber-900" data-testid="token-expires-soon">
                          {t("expiresSoon")}
                        </span>
                      </>
                    )}
                  </Cell>
                  <Cell>
                    {token.status === "active" && (
                      <CommandForm
                        action={revokeTokenAction}
                        fields={{ tokenId: token.id }}
                        label={t("revoke")}
                        ariaLabel={t("revokeLabel", { name: token.name })}
                        look="dangerLink"
                      />
                    )}
                  </Cell>
                </Row>
              ))}
            </DataTable>
          </>
        )}
      </Card>
    </>
  );
}
