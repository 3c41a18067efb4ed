import { MarkdownBody } from "@/lib/advisories/markdown";

/** An advisory's Markdown body, sanitised (see MarkdownBody), with readable spacing. */
export function AdvisoryBody({ markdown }: { markdown: string }) {
  return (
    <div
      className="max-w-3xl space-y-3 text-slate-900 [&_a]:text-brand-800 [&_a]:underline [&_h1]:text-xl [&_h1]:font-bold [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:ml-6 [&_ol]:list-decimal [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3 [&_ul]:list-disc"
      data-testid="advisory-body"
    >
      <MarkdownBody markdown={markdown} />
    </div>
  );
}
