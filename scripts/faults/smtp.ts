// Fault scenario (b) of the fault run (scripts/faults.ts): the SMTP server down while advisories are published.
import { and, eq, inArray, sql } from "drizzle-orm";
import { advisoryDeliveries, memberships, users } from "../../db/schema";
import { seconds } from "../fault-report";
import { publishAdvisory } from "../fault-traffic";
import type { PrivateCluster } from "../private-cluster";
import { log, sleep, smtp, report, open, makeWorld, serve, stopServer, advisoryEmails, waitUntil } from "./world";

const ADVISORIES = 3;
const SMTP_DOWN_MS = 30_000;

export async function smtpOutage(cluster: PrivateCluster): Promise<void> {
  const section = report.section(
    "(b) SMTP server down while advisories are published",
    `Three advisories for permanent magnets are drafted, sent for approval and approved through the API while nothing listens on the SMTP port; ` +
      `the mail server stays down for ${SMTP_DOWN_MS / 1000} s, longer than the outbox's attempts budget at this run's pace ` +
      `(10 attempts, back-off 1 s doubling to 2 s; with the defaults of 30 s to 1 h that budget is about 3 h 10 min), then a real SMTP server (smtp-server) starts on that port.`,
  );
  log("(b) preparing the SMTP outage run");
  const world = await makeWorld("Notify", { cluster, name: "kh_faults_smtp" }, 30);
  await smtp.stop();
  smtp.received = [];
  const server = serve(world, "smtp-server");
  try {
    await server.waitForHealth();
    const advisories: { id: string; reference: string }[] = [];
    for (let i = 1; i <= ADVISORIES; i++) advisories.push(await publishAdvisory(server.base, world.tokens, `Fault run advisory ${i}`));
    const ids = advisories.map((a) => a.id);
    const database = await open(world);
    try {
      // What should arrive, from the deliveries (not the outbox): each recipient user of each company reached.
      const recipients = await database.db
        .select({ advisoryId: advisoryDeliveries.advisoryId, email: users.email })
        .from(advisoryDeliveries)
        .innerJoin(memberships, and(eq(memberships.organisationId, advisoryDeliveries.organisationId), inArray(memberships.role, ["company_officer", "company_admin"])))
        // The recipients an advisory's emails go to (recipientsOf): enabled users who accepted their invitation.
        .innerJoin(users, and(eq(users.id, memberships.userId), sql`${users.disabledAt} is null`, sql`${users.hasPassword}`))
        .where(inArray(advisoryDeliveries.advisoryId, ids));
      const referenceOf = new Map(advisories.map((a) => [a.id, a.reference]));
      const expected = new Set(recipients.map((r) => `${r.email}|${referenceOf.get(r.advisoryId)}`));
      const queued = await advisoryEmails(database, ids);
      section.check("emails in the outbox after publishing (one per recipient and advisory)", `${queued.length} for ${expected.size} expected`, "equal", queued.length === expected.size);

      log(`(b) SMTP down for ${SMTP_DOWN_MS / 1000} s`);
      const downSince = performance.now();
      let sentWhileDown = 0;
      let failedAt: number | null = null;
      while (performance.now() - downSince < SMTP_DOWN_MS) {
        await sleep(1000);
        const rows = await advisoryEmails(database, ids);
        sentWhileDown = rows.filter((r) => r.state === "sent").length;
        if (failedAt === null && rows.some((r) => r.state === "failed")) failedAt = performance.now() - downSince;
      }
      const atEnd = await advisoryEmails(database, ids);
      const attempts = atEnd.map((r) => r.attempts);
      section.figure("attempts per email while SMTP was down", `${Math.min(...attempts)}–${Math.max(...attempts)}`);
      section.figure("last error recorded", atEnd[0]?.lastError?.slice(0, 80) ?? "none");
      section.check("emails reported sent while SMTP was down", sentWhileDown, "0", sentWhileDown === 0);
      const failed = atEnd.filter((r) => r.state === "failed").length;
      section.check(
        `emails given up ("failed") during the outage`,
        failed === 0 ? 0 : `${failed}, the first after ${seconds(failedAt ?? 0)}`,
        "0",
        failed === 0,
      );
      section.check("emails still waiting in the outbox at the end of the outage", `${atEnd.filter((r) => r.state === "pending").length} of ${atEnd.length}`, "all", atEnd.every((r) => r.state === "pending"));

      log("(b) SMTP back");
      await smtp.start();
      const back = performance.now();
      const allSent = await waitUntil(async () => (await advisoryEmails(database, ids)).every((r) => r.state === "sent"), 120_000);
      const drained = performance.now() - back;
      await sleep(3000); // anything sent twice arrives meanwhile
      const after = await advisoryEmails(database, ids);
      section.check("outbox after SMTP came back: sent", `${after.filter((r) => r.state === "sent").length} of ${after.length}`, "all", allSent);
      section.figure("time from SMTP back to the last email sent", seconds(drained));

      const received = new Map<string, number>();
      for (const mail of smtp.received) {
        const reference = advisories.find((a) => mail.subject.includes(a.reference))?.reference;
        if (!reference) continue;
        for (const to of mail.to) received.set(`${to}|${reference}`, (received.get(`${to}|${reference}`) ?? 0) + 1);
      }
      const missing = [...expected].filter((k) => !received.has(k));
      const unexpected = [...received.keys()].filter((k) => !expected.has(k));
      const duplicates = [...received.values()].reduce((sum, n) => sum + (n - 1), 0);
      section.check("expected emails received by the SMTP server", `${expected.size - missing.length} of ${expected.size}`, "all", missing.length === 0);
      section.check("emails received that were not expected", unexpected.length, "0", unexpected.length === 0);
      section.figure("delivery", duplicates === 0 ? "exactly once: no email arrived twice (the outbox promises at least once)" : `at least once: ${duplicates} arrived more than once`);
    } finally {
      await database.close();
    }
  } finally {
    await stopServer(server);
    if (!smtp.running) await smtp.start();
  }
}

