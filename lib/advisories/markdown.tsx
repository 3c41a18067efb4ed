import type { ComponentProps } from "react";
import Markdown, { defaultUrlTransform } from "react-markdown";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";

// Three walls against script in an advisory's Markdown: raw HTML is never parsed into elements
// (no rehype-raw), rehype-sanitize keeps only GitHub's safe elements and attributes, and links keep only
// http(s), mailto, in-page and the portal's own addresses.
const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/))/i;

function safeUrl(url: string): string {
  const transformed = defaultUrlTransform(url.trim());
  return SAFE_URL.test(transformed) ? transformed : "";
}

/**
 * An image is shown as a link to it, never fetched by opening the advisory: a reader's browser would fetch it
 * with their session, and an address of the portal's own (`![](/api/v1/disclosures/…)`) would be a read in
 * their name — an audited access, a read receipt — that they never chose. (The CSP keeps other sites' images
 * out in any case.) The link says the image's alt text, or its address when it has none.
 */
function ImageAsLink({ src, alt }: ComponentProps<"img">) {
  const address = typeof src === "string" ? src : "";
  if (!address) return alt ? <span>{alt}</span> : null;
  return <a href={address}>{alt || address}</a>;
}

/** An advisory body rendered from Markdown, sanitised. */
export function MarkdownBody({ markdown }: { markdown: string }) {
  return (
    <Markdown skipHtml rehypePlugins={[[rehypeSanitize, defaultSchema]]} urlTransform={safeUrl} components={{ img: ImageAsLink }}>
      {markdown}
    </Markdown>
  );
}
