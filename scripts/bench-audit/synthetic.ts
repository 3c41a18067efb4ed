// The benchmark's synthetic audit log: a population of users, organisations and actions in realistic
// proportions, and a loader that appends correctly chained events through COPY.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import { chainHash, GENESIS_HASH, type ChainedFields } from "../../lib/audit/canonical";

const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

// A synthetic population: users, organisations and actions in realistic proportions. The ids are fixed,
// so a database kept from an earlier run (--keep) is searched for people and companies it holds.
const syntheticId = (kind: 1 | 2, index: number) => `5e000000-0000-4000-8${kind}00-${index.toString(16).padStart(12, "0")}`;
export const users = Array.from({ length: 2000 }, (_, i) => syntheticId(1, i));
export const orgs = Array.from({ length: 300 }, (_, i) => syntheticId(2, i));
const actions = ["profile.read", "profile.read", "profile.read", "auth.sign_in", "auth.sign_in", "profile.update", "access.denied", "auth.token_used", "api_token.create", "auth.sign_out"];
const roles = ["company_officer", "company_admin", "agency_reviewer", "agency_approver", "auditor"];
export const START_US = Date.UTC(2025, 0, 1) * 1000;
export const STEP_US = 3_000_000; // one event every 3 s on average: 10 M events ≈ one year

export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return new Date(ms).toISOString().replace("Z", `${String(us % 1000).padStart(3, "0")}Z`);
}

function syntheticEvent(id: number, seq: number): ChainedFields {
  const r = (id * 2654435761) >>> 0;
  const action = actions[r % actions.length]!;
  return {
    seq,
    id,
    occurredAt: isoMicros(START_US + id * STEP_US + (r % 1000)),
    actorUserId: users[r % users.length]!,
    actorOrgId: orgs[(r >>> 3) % orgs.length]!,
    actorRole: roles[(r >>> 5) % roles.length]!,
    action,
    targetType: "company_profile",
    targetId: orgs[(r >>> 7) % orgs.length]!,
    targetOrgId: orgs[(r >>> 7) % orgs.length]!,
    outcome: action === "access.denied" ? "denied" : "allowed",
    purpose: action === "profile.read" ? "company profile review" : null,
    requestId: `bench-${id}`,
    clientIp: `10.${(r >>> 8) & 255}.${(r >>> 16) & 255}.${r & 255}`,
    userAgent: "bench/1.0",
    details: action === "access.denied" ? { attempted: "profile.read", reason: "outside_assignment" } : {},
  };
}

const copyText = (v: string | null) => (v === null ? "\\N" : v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r"));

/** Appends `count` chained events after the current head, through COPY into a staging table. */
export async function load(pg: postgres.Sql, count: number): Promise<void> {
  const [head] = await pg`select coalesce(max(seq), 0)::bigint as seq, coalesce(max(id), 0)::bigint as id from audit_events`;
  let seq = Number(head!.seq);
  let id = Number(head!.id);
  const [last] = seq ? await pg`select hash from audit_events where seq = ${seq}` : [{ hash: GENESIS_HASH }];
  let previous = last!.hash as string;
  await pg`drop table if exists bench_staging`;
  await pg`create unlogged table bench_staging (like audit_events including defaults)`;
  const columns = "id, occurred_at, actor_user_id, actor_org_id, actor_role, action, target_type, target_id, target_org_id, outcome, purpose, request_id, client_ip, user_agent, details, seq, chain_version, hash";
  const started = Date.now();
  const target = count;
  async function* lines() {
    for (let done = 0; done < target; ) {
      const chunk: string[] = [];
      for (let i = 0; i < 2000 && done < target; i++, done++) {
        id += 1;
        seq += 1;
        const e = syntheticEvent(id, seq);
        previous = chainHash(previous, e);
        chunk.push(
          [String(e.id), e.occurredAt, e.actorUserId, e.actorOrgId, e.actorRole, e.action, e.targetType, e.targetId, e.targetOrgId, e.outcome, e.purpose, e.requestId, e.clientIp, e.userAgent, JSON.stringify(e.details), String(seq), "1", previous]
            .map(copyText)
            .join("\t"),
        );
      }
      if (done % 500_000 < 2000) log(`generated ${done} events`);
      yield chunk.join("\n") + "\n";
    }
  }
  const writable = await pg.unsafe(`copy bench_staging (${columns}) from stdin`).writable();
  await pipeline(Readable.from(lines()), writable);
  log(`copied ${count} events in ${((Date.now() - started) / 1000).toFixed(0)} s; moving them into audit_events`);
  await pg.unsafe(`insert into audit_events (${columns}) select ${columns} from bench_staging order by id`);
  await pg`drop table bench_staging`;
  await pg.unsafe(`select setval('audit_events_id_seq', ${id})`);
  await pg`vacuum (analyze) audit_events`;
  // Flush the load's dirty pages now: a server in service is not in the middle of writing gigabytes out.
  await pg`checkpoint`;
  log(`loaded; the log now holds ${seq} chained events (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
