"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";

/**
 * Tries a failed page again: the server renders it afresh (a refresh), and the error boundary lets go of
 * the error in the same transition (`reset` alone would only render the same failed content again).
 */
export function useRetry(reset: () => void): () => void {
  const router = useRouter();
  return () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
}
