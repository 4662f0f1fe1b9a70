import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WeChat's MsgId is unique per sender in one account, not globally: dedup by (appid, openid, key).
 * Rows written before have no appid recorded; they keep '' (they only matter for retries within seconds).
 */
export class InboundDedupPerSender1795686200000 implements MigrationInterface {
  name = 'InboundDedupPerSender1795686200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "wechat_inbound" ADD "appid" character varying(64) NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "wechat_inbound" ALTER COLUMN "appid" DROP DEFAULT`);
    await q.query(`ALTER TABLE "wechat_inbound" DROP CONSTRAINT "PK_2ca6c92fc6b35d308ace7b4f967"`);
    await q.query(`ALTER TABLE "wechat_inbound" ADD CONSTRAINT "PK_da5b8fc848b4ea51b8aaa7c5513" PRIMARY KEY ("appid", "openid", "dedup_key")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "wechat_inbound" DROP CONSTRAINT "PK_da5b8fc848b4ea51b8aaa7c5513"`);
    // The old key cannot hold the same MsgId twice: keep the earliest.
    await q.query(`DELETE FROM "wechat_inbound" a USING "wechat_inbound" b WHERE a."dedup_key" = b."dedup_key" AND (a."received_at", a."appid", a."openid") > (b."received_at", b."appid", b."openid")`);
    await q.query(`ALTER TABLE "wechat_inbound" ADD CONSTRAINT "PK_2ca6c92fc6b35d308ace7b4f967" PRIMARY KEY ("dedup_key")`);
    await q.query(`ALTER TABLE "wechat_inbound" DROP COLUMN "appid"`);
  }
}
