import Markdown, { defaultUrlTransform } from "react-markdown";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";

// Three walls against script in an advisory's Markdown: raw HTML is never parsed into elements
// (no rehype-raw), rehype-sanitize keeps only GitHub's safe elements and attributes, and links and images
// keep only http(s) and mailto addresses.
const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/))/i;

function safeUrl(url: string): string {
  const transformed = defaultUrlTransform(url.trim());
  return SAFE_URL.test(transformed) ? transformed : "";
}

/** An advisory body rendered from Markdown, sanitised. */
export function MarkdownBody({ markdown }: { markdown: string }) {
  return (
    <Markdown skipHtml rehypePlugins={[[rehypeSanitize, defaultSchema]]} urlTransform={safeUrl}>
      {markdown}
    </Markdown>
  );
}
