/* eslint-disable @next/next/no-img-element -- a data: URL made on the server; next/image has nothing to optimise */
"use client";

import { useEffect, useRef } from "react";

export interface AuthenticatorSetupLabels {
  scan: string;
  qrAlt: string;
  manual: string;
  recoveryHeading: string;
  recoveryIntro: string;
}

/**
 * The QR code and key of a new authenticator, and its recovery codes (shown once). `focusIntro` moves the
 * focus to the first sentence when the setup appears in place of the control that asked for it.
 */
export function AuthenticatorSetup({
  qrDataUrl,
  secret,
  recoveryCodes,
  labels,
  focusIntro = false,
}: {
  qrDataUrl: string;
  secret: string;
  recoveryCodes: string[];
  labels: AuthenticatorSetupLabels;
  focusIntro?: boolean;
}) {
  const intro = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (focusIntro) intro.current?.focus();
  }, [focusIntro]);
  return (
    <div className="mb-4 space-y-3" data-testid="authenticator-setup">
      <p ref={intro} tabIndex={focusIntro ? -1 : undefined} className="focus:outline-none">
        {labels.scan}
      </p>
      <img src={qrDataUrl} alt={labels.qrAlt} width={220} height={220} className="rounded border border-slate-300" />
      <p>
        {labels.manual}{" "}
        <code className="break-all rounded bg-slate-100 px-1 font-mono" data-testid="totp-secret">
          {secret}
        </code>
      </p>
      <h3 className="font-semibold">{labels.recoveryHeading}</h3>
      <p className="text-sm text-slate-700">{labels.recoveryIntro}</p>
      <ul className="grid max-w-md grid-cols-2 gap-1 font-mono" aria-label={labels.recoveryHeading}>
        {recoveryCodes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ul>
    </div>
  );
}
