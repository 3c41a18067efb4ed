export function PageHeading({ title, intro }: { title: string; intro?: string }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-bold text-slate-900">{title}</h1>
      {intro && <p className="mt-2 max-w-3xl text-slate-700">{intro}</p>}
    </div>
  );
}
