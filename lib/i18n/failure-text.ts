import { useTranslations } from "next-intl";

export type MessageValues = Record<string, string | number>;

/**
 * How a form says why its action failed: the action's message when it is a key of the catalogue (a
 * service's refusal, `serviceErrors.…` with its values, or a form's own key), else `fallback` — never
 * English text meant for the API, and never a key the catalogue does not hold.
 */
export function useFailureText() {
  const t = useTranslations();
  return (message: string | null | undefined, values?: MessageValues, fallback = "errors.generic"): string => {
    const key = message && /^[a-zA-Z]+(\.[a-zA-Z0-9_]+)+$/.test(message) && t.has(message as "errors.generic") ? message : fallback;
    return t(key as "errors.generic", values ?? {});
  };
}
