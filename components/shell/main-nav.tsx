"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { currentNav } from "./current-nav";

/**
 * The portal's main navigation. It reads the address itself, so that the layout, which Next renders once
 * for every page below it, need not know the page: the link of this page is marked `aria-current="page"`,
 * that of the section a deeper page belongs to `aria-current="location"`. The links are not prefetched
 * (see `SiteHeader`).
 */
export function MainNav({ label, items }: { label: string; items: { href: string; label: string }[] }) {
  const current = currentNav(usePathname(), items.map((item) => item.href));
  return (
    <nav aria-label={label} className="bg-brand-700">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-1 px-4">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              prefetch={false}
              aria-current={current?.href === item.href ? current.kind : undefined}
              className="block px-3 py-2 text-sm text-white no-underline hover:bg-white/10 hover:text-white aria-[current]:bg-white/20 aria-[current=page]:font-semibold"
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
