import { NotFoundContent } from "@/components/shell/not-found-content";

/** A portal page out of the caller's scope: inside the portal's own frame (header, navigation, main). */
export default function PortalNotFound() {
  return <NotFoundContent />;
}
