"use client";

import { ErrorContent } from "@/components/shell/error-page";
import { useRetry } from "@/components/shell/use-retry";

// A portal page failed unexpectedly: the portal's header and navigation stay, the page says what happened.
export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const retry = useRetry(reset);
  return <ErrorContent digest={error.digest} retry={retry} />;
}
