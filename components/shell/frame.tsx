import Link from "next/link";

export interface FrameLabels {
  skipToContent: string;
  footer: string;
  privacyLink: string;
}

/**
 * Skip link, main landmark and footer around a page, with its words given: the server's `PageFrame` and
 * the client-side error pages (which cannot read the catalogue on the server) share it.
 */
export function Frame({ header, labels, children }: { header: React.ReactNode; labels: FrameLabels; children: React.ReactNode }) {
  return (
    <>
      <a
        href="#main"
        className="sr-only bg-white px-4 py-2 text-brand-800 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
      >
        {labels.skipToContent}
      </a>
      {header}
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {children}
      </main>
      <footer className="mx-auto max-w-6xl border-t border-slate-300 px-4 py-6 text-sm text-slate-700">
        {labels.footer} · <Link href="/privacy">{labels.privacyLink}</Link>
      </footer>
    </>
  );
}

/** The header's band with the site's name, linking home; `children` stand on its right. */
export function HeaderBar({ appName, children }: { appName: string; children?: React.ReactNode }) {
  return (
    <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
      <p className="text-lg font-semibold">
        <Link href="/" prefetch={false} className="text-white no-underline hover:text-white">
          {appName}
        </Link>
      </p>
      {children}
    </div>
  );
}
