import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False in the server's HTML and during hydration, true from the first client render on. The page's
 * Content-Security-Policy blocks `style` attributes in server-rendered markup; a component whose
 * styles are computed (a chart's size) renders them only once React sets them through the CSSOM, which
 * the policy allows.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
