/**
 * What a page or form says where scripts are off and it cannot work without them (in a `<noscript>`, so
 * nobody else ever sees it).
 */
export function ScriptNeeded({ message }: { message: string }) {
  return (
    <noscript>
      <p className="mb-4 rounded border-l-4 border-amber-600 bg-amber-50 p-3 font-medium text-slate-900">{message}</p>
    </noscript>
  );
}
