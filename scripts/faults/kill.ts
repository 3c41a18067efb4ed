// Fault scenario (c) of the fault run (scripts/faults.ts): the server SIGKILLed in the middle of submissions.
import { count, sql } from "drizzle-orm";
import postgres from "postgres";
import { auditEvents } from "../../db/schema";
import { submissionStates, submittedWhole, untouchedDraft, type DraftCompany } from "../draft-companies";
import { seconds } from "../fault-report";
import { call, ok, verifyThroughServer, type Outcome } from "../fault-traffic";
import { log, report, current, open, serve, stopServer, waitUntil, tally, tallyText, type World } from "./world";

export const KILL_DRAFTS = 200;
const KILL_AFTER_2XX = 60;

export async function serverKilled(world: World, driver: string, admin: postgres.Sql | null): Promise<void> {
  const section = report.section(
    `(c) server killed (SIGKILL) in the middle of submissions — ${driver}`,
    `${KILL_DRAFTS} companies submit their drafts at once; the server process gets SIGKILL once ${KILL_AFTER_2XX} have answered 2xx. ` +
      "Then the database is read, the server restarted on it, and the drafts left are submitted.",
  );
  let server = serve(world, `kill-${driver.toLowerCase()}-server`);
  try {
    await server.waitForHealth(120_000);
    log(`(c) ${driver}: ${KILL_DRAFTS} submissions at once`);
    const outcomes: Outcome[] = [];
    let answered = 0;
    const all = Promise.all(
      world.drafts.map(async (d) => {
        const o = await call(server.base, d.token, "POST", `/api/v1/disclosures/${d.id}/submit`, "submit", { id: d.id, timeoutMs: 60_000 });
        outcomes.push(o);
        if (ok(o)) answered++;
      }),
    );
    await waitUntil(async () => answered >= KILL_AFTER_2XX, 60_000, 5);
    server.process.kill("SIGKILL");
    log(`(c) ${driver}: SIGKILL after ${answered} answers`);
    await all;
    await stopServer(server);
    const t = tally(outcomes);
    section.figure("answers before the kill, and requests cut off", `${t.ok} 2xx, ${t.all - t.ok - t.noAnswer} other, ${t.noAnswer} no answer`);

    if (admin) {
      const name = new URL(world.url!).pathname.slice(1);
      const started = performance.now();
      const gone = await waitUntil(async () => (await admin`select count(*)::int as n from pg_stat_activity where datname = ${name}`)[0]!.n === 0, 30_000, 50);
      section.check("the killed server's database sessions ended (their transactions rolled back)", gone ? `after ${seconds(performance.now() - started)}` : "still open after 30 s", "all", gone);
    }

    const ids = world.drafts.map((d) => d.id);
    const database = await open(world);
    let left: DraftCompany[];
    try {
      const states = await submissionStates(database.db, ids);
      const whole = ids.filter((id) => submittedWhole(states.get(id)));
      const untouched = ids.filter((id) => untouchedDraft(states.get(id)));
      const partial = ids.length - whole.length - untouched.length;
      section.figure("disclosures submitted whole / untouched drafts", `${whole.length} / ${untouched.length}`);
      section.check("disclosures partly written (a version without its items or audit event, a status without its version…)", partial, "0", partial === 0);
      const okIds = outcomes.filter(ok).map((o) => o.id!);
      const kept = okIds.filter((id) => submittedWhole(states.get(id)));
      section.check("2xx answers persisted whole", `${kept.length} of ${okIds.length}`, "all", kept.length === okIds.length);
      section.figure("submissions committed whose answer the kill cut off", String(whole.length - kept.length));
      const [unchained] = await database.db.select({ n: count() }).from(auditEvents).where(sql`${auditEvents.seq} is null`);
      section.figure("audit events not yet chained at the kill", String(unchained?.n ?? 0));
      left = world.drafts.filter((d) => untouchedDraft(states.get(d.id)));
    } finally {
      await database.close();
    }

    log(`(c) ${driver}: restarting the server`);
    server = serve(world, `kill-${driver.toLowerCase()}-restarted`);
    const restartMs = await server.waitForHealth(120_000);
    section.figure("restart to a healthy server", seconds(restartMs));
    const chain = await verifyThroughServer(server.base, world.tokens.auditor);
    section.check(
      "audit chain after the restart (GET /api/v1/audit/verify)",
      `${chain.ok ? "valid" : "INVALID"}, ${chain.events} events, ${chain.pending} unchained, ${chain.checkpoints} signed checkpoints`,
      "valid, 0 unchained",
      chain.ok && chain.pending === 0,
    );
    const rest = await Promise.all(left.map((d) => call(server.base, d.token, "POST", `/api/v1/disclosures/${d.id}/submit`, "submit", { id: d.id, timeoutMs: 60_000 })));
    section.check("the drafts left, submitted after the restart", tallyText(tally(rest)), "all 2xx", rest.every(ok));
    const final = await verifyThroughServer(server.base, world.tokens.auditor);
    await stopServer(server);
    const database2 = await open(world);
    try {
      const states = await submissionStates(database2.db, ids);
      const whole = ids.filter((id) => submittedWhole(states.get(id))).length;
      section.check("disclosures submitted whole at the end", `${whole} of ${ids.length}`, "all", whole === ids.length);
    } finally {
      await database2.close();
    }
    section.check("audit chain at the end", `${final.ok ? "valid" : "INVALID"}, ${final.events} events, ${final.pending} unchained`, "valid, 0 unchained", final.ok && final.pending === 0);
  } finally {
    if (current) await stopServer(current);
  }
}

