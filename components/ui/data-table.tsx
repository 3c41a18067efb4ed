import { ScrollRegion } from "./scroll-region";

export interface DataTableColumn {
  /** React key of the column header: unique within the table. */
  key: string;
  label: string;
  /** A column of figures: its header is right-aligned, like the figures (use `<Cell numeric>` in the body). */
  numeric?: boolean;
}

interface DataTableProps {
  /** Id of the visible caption, which also names the scrolling region for screen readers. */
  captionId: string;
  caption: string;
  columns: readonly DataTableColumn[];
  /** Headers sit on the bottom line: for tables whose longer headers wrap. */
  headerAlign?: "bottom";
  /** Spacing of the scrolling region from what stands above it (e.g. `mt-4`). */
  className?: string;
  "data-testid"?: string;
  /** The rows; with `rowGroups`, `<tbody>` elements instead (a group of rows per record). */
  children: React.ReactNode;
  rowGroups?: boolean;
}

const cellClassName = "py-2 pr-3";

/**
 * A captioned table with one header row of column headers, inside a region that scrolls sideways on a
 * narrow screen and takes the keyboard focus so that it can be scrolled without a mouse.
 */
export function DataTable({ captionId, caption, columns, headerAlign, className, "data-testid": testId, children, rowGroups = false }: DataTableProps) {
  return (
    <ScrollRegion labelledBy={captionId} className={className}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption id={captionId} className="mb-2 text-left font-medium text-slate-900">
          {caption}
        </caption>
        <thead>
          <tr className="border-b border-slate-300">
            {columns.map((column) => (
              <th key={column.key} scope="col" className={classes(cellClassName, column.numeric && "text-right", headerAlign === "bottom" && "align-bottom")}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        {rowGroups ? children : <tbody>{children}</tbody>}
      </table>
    </ScrollRegion>
  );
}

/** A body row, ruled off from the next. */
export function Row({ className, ...row }: React.HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={classes("border-b border-slate-200", className)} {...row} />;
}

/** The cell that names its row (`scope="row"`), so that screen readers announce it with each cell of the row. */
export function RowHeader({ className, ...cell }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="row" className={classes(cellClassName, "font-medium", className)} {...cell} />;
}

/** A body cell; `numeric` right-aligns a figure in digits of one width, so that a column of figures lines up. */
export function Cell({ numeric = false, className, ...cell }: React.TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return <td className={classes(cellClassName, numeric && "text-right tabular-nums", className)} {...cell} />;
}

function classes(...names: (string | false | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
