export function Card({ title, children, headingLevel = 2 }: { title: string; children: React.ReactNode; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="mb-6 min-w-0 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" aria-label={title}>
      <Heading className="mb-3 text-lg font-semibold text-slate-900">{title}</Heading>
      {children}
    </section>
  );
}
