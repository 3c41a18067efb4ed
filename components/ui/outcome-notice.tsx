"use client";

import { useEffect, useRef } from "react";
import { Notice } from "./notice";

/**
 * What a move just did (published, returned, acknowledged…), said on the page it leads to. That page is
 * mounted afresh, the focus lost to the document and the notice already holding its text (which a screen
 * reader often does not announce): so the notice takes the focus, and is read out where the reader is.
 */
export function OutcomeNotice({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="focus:outline-none">
      <Notice kind="success">{children}</Notice>
    </div>
  );
}
