"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { estimatePasswordStrength, PASSWORD_MIN_SCORE, type PasswordStrength } from "@/lib/security/password-strength";

const levels = ["veryWeak", "weak", "fair", "strong", "veryStrong"] as const;

/**
 * How guessable the new password is, as the person types: a meter, a word for it, and what makes it
 * guessable. The same estimator decides on the server (below `PASSWORD_MIN_SCORE` is refused), so what the
 * meter says is what the save will say. Its dictionaries load when the first character is typed.
 */
export function PasswordStrengthMeter({ password, context }: { password: string; context: string[] }) {
  const t = useTranslations("passwordStrength");
  const [strength, setStrength] = useState<PasswordStrength | null>(null);
  const contextKey = context.join("\n");
  useEffect(() => {
    if (!password) return;
    let current = true;
    const timer = setTimeout(() => {
      void estimatePasswordStrength(password, contextKey.split("\n")).then((s) => current && setStrength(s));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, contextKey]);
  const shown = password ? strength : null;
  const enough = shown !== null && shown.score >= PASSWORD_MIN_SCORE;
  return (
    <div className="mt-2 max-w-md" data-testid="password-strength">
      <div className="flex items-center gap-3">
        <meter
          className="h-2 w-40"
          min={0}
          max={4}
          low={PASSWORD_MIN_SCORE - 0.5}
          high={PASSWORD_MIN_SCORE + 0.5}
          optimum={4}
          value={shown?.score ?? 0}
          aria-label={t("label")}
          aria-valuetext={shown ? t(`level.${levels[shown.score]}`) : t("empty")}
        />
        <p className="text-sm font-medium text-slate-900" aria-live="polite">
          {shown ? t("verdict", { level: t(`level.${levels[shown.score]}`), enough: enough ? "yes" : "no" }) : t("empty")}
        </p>
      </div>
      {shown && !enough && (shown.warning || shown.suggestions.length > 0) && (
        <ul className="mt-1 list-disc pl-5 text-sm text-slate-700">
          {shown.warning && <li>{t(`warning.${shown.warning}`)}</li>}
          {shown.suggestions.map((s) => (
            <li key={s}>{t(`suggestion.${s}`)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
