"use client";

import { FramedErrorPage } from "@/components/shell/error-page";
import { useRetry } from "@/components/shell/use-retry";

// A page, or the portal's layout, failed unexpectedly (the database unreachable, say): the site's frame
// with a translated explanation, instead of Next's built-in English page.
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const retry = useRetry(reset);
  return <FramedErrorPage digest={error.digest} retry={retry} />;
}
