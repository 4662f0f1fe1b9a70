import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The heat map reads its rollups (heatmap_daily / heatmap_monthly), so nothing reads the case table's
 * six-column heat-map index any more; every filing and every step still paid to keep it.
 */
export class DropHeatmapIndex1795687300000 implements MigrationInterface {
  name = 'DropHeatmapIndex1795687300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."idx_case_heatmap"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "idx_case_heatmap" ON "case_file" ("accepted_at", "place_unit_id", "unit_id", "sub_item", "kind", "channel") WHERE status NOT IN ('invalid', 'merged')`,
    );
  }
}
