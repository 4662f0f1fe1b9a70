import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A version per admin-edited setting, bumped with each change, for processes to compare (see SettingsChanges). */
export class SettingVersion1795686310000 implements MigrationInterface {
  name = 'SettingVersion1795686310000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "setting_version" ("topic" character varying(32) NOT NULL, "version" bigint NOT NULL DEFAULT '0', "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_setting_version_topic" PRIMARY KEY ("topic"))`,
    );
    await q.query(`INSERT INTO "setting_version" ("topic") VALUES ('calendar'), ('taxonomy')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "setting_version"`);
  }
}
