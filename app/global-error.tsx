"use client";

import { useEffect, useState } from "react";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { FramedErrorPage } from "@/components/shell/error-page";
import { useRetry } from "@/components/shell/use-retry";
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "@/lib/i18n/locale";
import "./globals.css";

/** The reader's language as the server would choose it: the cookie, else the browser's languages. */
function browserLocale(): Locale {
  const chosen = document.cookie
    .split("; ")
    .find((c) => c.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1);
  return isLocale(chosen) ? chosen : localeFromAcceptLanguage(navigator.languages.join(","));
}

// The root layout itself failed, and with it the catalogue it hands to the page: this boundary renders the
// document on its own and loads the catalogue of the reader's language only now, so that no page carries it.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const retry = useRetry(reset);
  const [catalogue, setCatalogue] = useState<{ locale: Locale; messages: AbstractIntlMessages } | null>(null);
  useEffect(() => {
    const locale = browserLocale();
    const load = locale === "ja" ? import("@/lib/i18n/messages/ja.json") : import("@/lib/i18n/messages/en.json");
    void load.then((m) => setCatalogue({ locale, messages: m.default }));
  }, []);
  return (
    <html lang={catalogue?.locale ?? "en"}>
      <body className="min-h-screen">
        {catalogue && (
          <NextIntlClientProvider locale={catalogue.locale} messages={catalogue.messages} timeZone="Asia/Tokyo">
            <FramedErrorPage digest={error.digest} retry={retry} />
          </NextIntlClientProvider>
        )}
      </body>
    </html>
  );
}
