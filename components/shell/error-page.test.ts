import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";
import { ErrorContent, FramedErrorPage } from "./error-page";

type ProviderProps = ComponentProps<typeof NextIntlClientProvider>;

const render = (locale: "en" | "ja", page: React.ReactElement) => {
  const config: Omit<ProviderProps, "children"> = { locale, messages: locale === "ja" ? ja : en, timeZone: "Asia/Tokyo" };
  return renderToStaticMarkup(createElement(NextIntlClientProvider, config as ProviderProps, page));
};

describe("the error pages", () => {
  it("say in the reader's language that the page failed, with the failure's reference", () => {
    const html = render("ja", createElement(ErrorContent, { digest: "2841729340", retry: () => {} }));
    expect(html).toContain(ja.errors.errorTitle);
    expect(html).toContain(ja.errors.generic);
    expect(html).toContain("参照番号：2841729340");
    expect(html).toContain(ja.errors.retry);
    expect(html).toContain(ja.errors.home);
    expect(html).not.toMatch(/Application error|server-side exception|Something went wrong/);
  });

  it("say nothing of a reference when there is none", () => {
    const html = render("en", createElement(ErrorContent, { retry: () => {} }));
    expect(html).toContain(en.errors.errorTitle);
    expect(html).not.toContain("Reference:");
  });

  it("stand in the site's frame when the portal's layout is what failed", () => {
    const html = render("en", createElement(FramedErrorPage, { digest: "1", retry: () => {} }));
    expect(html).toContain(en.shell.skipToContent);
    expect(html).toContain('<main id="main"');
    expect(html).toContain(en.app.name);
    expect(html).toContain(en.shell.footer);
    expect(html.indexOf(en.errors.errorTitle)).toBeGreaterThan(html.indexOf('<main id="main"'));
  });
});
