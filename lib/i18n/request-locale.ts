import { cookies, headers } from "next/headers";
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "./locale";

/**
 * The language of the request being served: the user's choice (a cookie), else the browser's. No locale
 * in the URL. The translation catalogue's request config asks it (request.ts), and so does a server action
 * that formats words for the form it answers (a list of company names, say).
 */
export async function requestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(chosen) ? chosen : localeFromAcceptLanguage((await headers()).get("accept-language"));
}
