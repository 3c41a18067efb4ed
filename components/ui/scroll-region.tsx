/**
 * The box that two-dimensional content (a table, a chart) scrolls sideways in when it is wider than a
 * narrow screen, so that the page itself never does (WCAG 1.4.10). A named region that takes the keyboard
 * focus, so that it can be scrolled without a mouse. `relative` makes it the containing block of the
 * visually hidden text inside (absolutely positioned): clipped here, that text cannot widen the page.
 */
export function ScrollRegion({
  label,
  labelledBy,
  className,
  children,
}: {
  /** The region's name, or the id of the visible text that names it (a table's caption). */
  label?: string;
  labelledBy?: string;
  /** Spacing from what stands around it (e.g. `mt-4`). */
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <div
      // Each class stands whole in the source, for Tailwind finds them in its text: written as
      // `overflow-x-auto${…}` the class was generated only while another file happened to use it.
      className={["relative max-w-full overflow-x-auto", className].filter(Boolean).join(" ")}
      role="region"
      aria-label={labelledBy ? undefined : label}
      aria-labelledby={labelledBy}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
