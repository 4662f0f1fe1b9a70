import { timelineContentHash, timelineLink } from '@msz/domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

interface OldEntry {
  id: string;
  case_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  note: string | null;
  at: Date;
}

/** Chains the entries written before the chain existed, case by case in id order, 500 rows a statement. */
async function backfill(q: QueryRunner): Promise<void> {
  // Instants are hashed to the millisecond: the stored ones are cut to match.
  const rows = (await q.query(`SELECT id::text AS id, case_id, action, from_status, to_status, actor_kind, actor_id, actor_name, note, date_trunc('milliseconds', t.at) AS at FROM case_timeline t ORDER BY t.case_id, t.id`)) as OldEntry[];
  const out: unknown[][] = [];
  let prev: string | null = null;
  let caseId: string | null = null;
  for (const r of rows) {
    if (r.case_id !== caseId) [caseId, prev] = [r.case_id, null];
    const content = timelineContentHash({ action: r.action, fromStatus: r.from_status, toStatus: r.to_status, actorKind: r.actor_kind, actorId: r.actor_id, actorName: r.actor_name, note: r.note, at: r.at });
    const hash = timelineLink(r.case_id, prev, content);
    out.push([r.id, r.at, content, prev, hash]);
    prev = hash;
  }
  for (let i = 0; i < out.length; i += 500) {
    const batch = out.slice(i, i + 500);
    const values = batch.map((_, j) => `($${j * 5 + 1}::bigint, $${j * 5 + 2}::timestamptz, $${j * 5 + 3}, $${j * 5 + 4}, $${j * 5 + 5})`);
    await q.query(
      `UPDATE case_timeline t SET at = v.at, content_hash = v.content_hash, prev_hash = v.prev_hash, hash = v.hash
         FROM (VALUES ${values.join(', ')}) AS v(id, at, content_hash, prev_hash, hash) WHERE t.id = v.id`,
      batch.flat(),
    );
  }
}

/** 防篡改: each timeline entry is chained to the one before it for its case, and each day's heads are sealed. */
export class TamperEvidentTimeline1795686800000 implements MigrationInterface {
  name = 'TamperEvidentTimeline1795686800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "timeline_anchor" ("day" character varying(10) NOT NULL, "anchor" character varying(64) NOT NULL, "prev_anchor" character varying(64), "heads" jsonb NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cafea45bdd47fc141cca6105cc2" PRIMARY KEY ("day"))`);
    await q.query(`ALTER TABLE "case_timeline" ADD "content_hash" character varying(64)`);
    await q.query(`ALTER TABLE "case_timeline" ADD "prev_hash" character varying(64)`);
    await q.query(`ALTER TABLE "case_timeline" ADD "hash" character varying(64)`);
    // The entries are insert-only; chaining the old ones is the one update they ever get.
    await q.query(`ALTER TABLE "case_timeline" DISABLE TRIGGER case_timeline_no_change`);
    await backfill(q);
    await q.query(`ALTER TABLE "case_timeline" ENABLE TRIGGER case_timeline_no_change`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_timeline" DROP COLUMN "hash"`);
    await q.query(`ALTER TABLE "case_timeline" DROP COLUMN "prev_hash"`);
    await q.query(`ALTER TABLE "case_timeline" DROP COLUMN "content_hash"`);
    await q.query(`DROP TABLE "timeline_anchor"`);
  }
}
