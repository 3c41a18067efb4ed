import { redirect } from "next/navigation";
import { currentContext } from "@/lib/auth/current-actor";
import { homePathFor } from "@/lib/navigation";

/** Each role lands on its own dashboard; anyone else signs in first. */
export default async function Home() {
  const { actor } = await currentContext();
  redirect(actor ? homePathFor(actor.role) : "/sign-in");
}
