"use server";

import { cookies } from "next/headers";
import { signOut } from "@/lib/auth/auth";
import { currentContext } from "@/lib/auth/current-actor";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locale";
import { endSession } from "@/lib/services/end-session";

export async function setLanguage(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}

export async function signOutAction(): Promise<void> {
  const ctx = await currentContext();
  if (ctx.actor?.sessionId) {
    await endSession({ ctx, input: { sessionId: ctx.actor.sessionId, userId: ctx.actor.userId } });
  }
  await signOut({ redirectTo: "/sign-in" });
}
