"use client";

import { useEffect, useRef } from "react";
import { Notice } from "./notice";

/**
 * What a move just did (published, returned, acknowledged, a password set…), said where it leads: a page
 * mounted afresh, or in place of the form whose button was pressed. The focus is lost to the document then,
 * and the notice already holds its text (which a screen reader often does not announce): so the notice
 * takes the focus, and is read out where the reader is.
 */
export function OutcomeNotice({ title, children }: { title?: string; children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="focus:outline-none">
      <Notice kind="success" title={title}>
        {children}
      </Notice>
    </div>
  );
}
