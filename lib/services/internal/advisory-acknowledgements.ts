import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { advisoryAcknowledgements, users, type AdvisoryDeliveryRow } from "@/db/schema";
import type { Acknowledgement } from "@/lib/schemas/advisory";
import type { Actor } from "../context";

// Every acknowledgement a company gave (migration 0039): the delivery keeps only the latest, and the note
// is the company's own statement to the agency, so each is kept as given, in a table that only grows.

/**
 * Records the acknowledgement the delivery now shows (acknowledgeAdvisory has just written it, in this
 * transaction): the same revision, time (now()), person and note. Behind the wall the database accepts
 * exactly that and nothing else.
 */
export async function recordAcknowledgement(tx: Executor, actor: Actor, delivery: AdvisoryDeliveryRow, note: string | null): Promise<void> {
  await tx.insert(advisoryAcknowledgements).values({
    deliveryId: delivery.id,
    advisoryId: delivery.advisoryId,
    organisationId: delivery.organisationId,
    revision: delivery.currentRevision,
    acknowledgedAt: sql`now()`,
    acknowledgedBy: actor.userId,
    note,
  });
}

/** The acknowledgements of the given deliveries, oldest first, by delivery id (a delivery with none has none). */
export async function acknowledgementsOf(tx: Executor, deliveryIds: readonly string[]): Promise<Map<string, Acknowledgement[]>> {
  const out = new Map<string, Acknowledgement[]>(deliveryIds.map((id) => [id, []]));
  if (deliveryIds.length === 0) return out;
  const rows = await tx
    .select({
      deliveryId: advisoryAcknowledgements.deliveryId,
      revision: advisoryAcknowledgements.revision,
      at: advisoryAcknowledgements.acknowledgedAt,
      by: users.displayName,
      note: advisoryAcknowledgements.note,
    })
    .from(advisoryAcknowledgements)
    .innerJoin(users, eq(users.id, advisoryAcknowledgements.acknowledgedBy))
    .where(inArray(advisoryAcknowledgements.deliveryId, [...deliveryIds]))
    .orderBy(asc(advisoryAcknowledgements.deliveryId), asc(advisoryAcknowledgements.revision));
  for (const r of rows) out.get(r.deliveryId)?.push({ revision: r.revision, at: new Date(r.at).toISOString(), by: r.by, note: r.note });
  return out;
}
