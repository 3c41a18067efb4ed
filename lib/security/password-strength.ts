import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

// How hard a password is to guess, by zxcvbn-ts: about 40,000 passwords common in breaches, English words
// and names, keyboard patterns, repeats, sequences and dates, each scored by the guesses a cracker would
// need. The same estimator scores the meter in the browser and decides on the server, so the two agree.
// Its dictionaries are large (about 1.6 MB), so they load on first use: in the browser only on the pages
// that set a password.

/** zxcvbn's scale: 0 too guessable … 4 very unguessable. 3 stands about 10^8 guesses and more. */
export type StrengthScore = 0 | 1 | 2 | 3 | 4;
/** The least score a new password must reach (ASVS V2.1.7: no common or breached password). */
export const PASSWORD_MIN_SCORE: StrengthScore = 3;

export const strengthWarnings = [
  "straightRow",
  "keyPattern",
  "simpleRepeat",
  "extendedRepeat",
  "sequences",
  "recentYears",
  "dates",
  "topTen",
  "topHundred",
  "common",
  "similarToCommon",
  "wordByItself",
  "namesByThemselves",
  "commonNames",
  "userInputs",
] as const;
export const strengthSuggestions = [
  "l33t",
  "reverseWords",
  "allUppercase",
  "capitalization",
  "dates",
  "recentYears",
  "associatedYears",
  "sequences",
  "repeated",
  "longerKeyboardPattern",
  "anotherWord",
  "useWords",
] as const;
export type StrengthWarning = (typeof strengthWarnings)[number];
export type StrengthSuggestion = (typeof strengthSuggestions)[number];

export interface PasswordStrength {
  score: StrengthScore;
  /** What makes it guessable, as a key of the `passwordStrength.warning` catalogue section. */
  warning: StrengthWarning | null;
  /** How to do better, as keys of the `passwordStrength.suggestion` section. */
  suggestions: StrengthSuggestion[];
}

const identity = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, k])) as Record<K, K>;

let estimator: Promise<ZxcvbnFactory> | null = null;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        // Feedback comes back as its own keys, which the catalogue translates (English and Japanese alike).
        translations: { ...en.translations, warnings: { ...en.translations.warnings, ...identity(strengthWarnings) }, suggestions: { ...en.translations.suggestions, ...identity(strengthSuggestions) } },
      }),
  );
  return estimator;
}

const isWarning = (value: string | null): value is StrengthWarning => (strengthWarnings as readonly string[]).includes(value ?? "");
const isSuggestion = (value: string): value is StrengthSuggestion => (strengthSuggestions as readonly string[]).includes(value);

/**
 * Scores a password. `context` holds what an attacker would try first for this account (its email,
 * the part before the @, the person's and the organisation's names); a password made of them scores low.
 */
export async function estimatePasswordStrength(password: string, context: string[] = []): Promise<PasswordStrength> {
  const zxcvbn = await loadEstimator();
  const words = ["kakehashi", ...context.flatMap((c) => [c, ...c.split(/[@.\s_-]+/)]).filter((w) => w.length >= 3)];
  const result = zxcvbn.check(password, words);
  return {
    score: result.score as StrengthScore,
    warning: isWarning(result.feedback.warning) ? result.feedback.warning : null,
    suggestions: result.feedback.suggestions.filter(isSuggestion),
  };
}
