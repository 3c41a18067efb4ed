// What the fault run checked, and its tables: one per scenario, each figure with its target and verdict.

export interface Row {
  what: string;
  value: string;
  /** Absent for a figure that is only reported. */
  target?: string;
  ok?: boolean;
}

export class Report {
  private readonly sections: { title: string; note: string; rows: Row[] }[] = [];

  section(title: string, note = ""): { figure(what: string, value: string): void; check(what: string, value: string | number, target: string, ok: boolean): void } {
    const rows: Row[] = [];
    this.sections.push({ title, note, rows });
    return {
      figure: (what, value) => rows.push({ what, value }),
      check: (what, value, target, ok) => rows.push({ what, value: String(value), target, ok }),
    };
  }

  get failed(): Row[] {
    return this.sections.flatMap((s) => s.rows.filter((r) => r.ok === false));
  }

  print(write: (text: string) => void = (text) => console.log(text)): void {
    for (const s of this.sections) {
      write(`\n### ${s.title}\n${s.note ? `\n${s.note}\n` : ""}`);
      write("| figure | value | target | |\n|---|---|---|---|");
      for (const r of s.rows) write(`| ${r.what} | ${r.value} | ${r.target ?? "—"} | ${r.ok === undefined ? "" : r.ok ? "met" : "**FAILED**"} |`);
    }
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
