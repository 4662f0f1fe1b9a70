import type { MigrationInterface, QueryRunner } from 'typeorm';

// A frozen copy of what the shipped taxonomy gained (a migration must not change when the default does).
const DEPARTMENTS = [
  { code: 'dept-emergency', name: '市应急管理局' },
  { code: 'dept-housing', name: '市住房和城乡建设局' },
  { code: 'dept-fire-rescue', name: '市消防救援大队' },
];
const SUB_ITEMS = [
  {
    code: 'safety-hazards', name: '安全隐患', category: 'infrastructure', tier: 'city', departmentCode: 'dept-emergency', deadlineClass: 'standard',
    description: '眼下危及人身安全的险情：燃气泄漏、失火爆炸、房屋山体垮塌埋压、电线掉落触电、洪水围困和溺水、危化品泄漏；属地乡镇先行处置，设施本身的维修和费用归其领域',
  },
  {
    code: 'property-management', name: '物业管理', category: 'infrastructure', tier: 'city', departmentCode: 'dept-housing', deadlineClass: 'standard',
    description: '物业公司的服务和收费、电梯故障和困人、开发商交房质量和办证、小区公共设施和停车、维修资金、业主委员会',
  },
  {
    code: 'fire-safety', name: '消防安全', category: 'infrastructure', tier: 'city', departmentCode: 'dept-fire-rescue', deadlineClass: 'standard',
    description: '火灾隐患和消防监管：消防通道和安全出口堵塞、电动车楼道充电、灭火器消防栓缺失损坏、易燃物堆放、野外用火；正在燃烧的火情归安全隐患',
  },
];

type Doc = { departments?: { code: string }[]; categories?: { code: string }[]; subItems?: { code: string; category: string; departmentCode?: string }[] };

/**
 * A taxonomy stored before the default gained 安全隐患, 物业管理 and 消防安全 keeps its 16 sub-items
 * (the classifier would propose codes the city's document lacks). Adds what is missing, by code,
 * and leaves every item the city has edited alone; a city without the infrastructure category is left as it is.
 */
export class TaxonomySafetyItems1795686880000 implements MigrationInterface {
  name = 'TaxonomySafetyItems1795686880000';

  async up(q: QueryRunner): Promise<void> {
    await this.change(q, (doc) => {
      if (!doc.categories?.some((c) => c.code === 'infrastructure')) return false;
      const subItems = doc.subItems ?? [];
      const departments = doc.departments ?? [];
      const adding = SUB_ITEMS.filter((s) => !subItems.some((o) => o.code === s.code));
      if (!adding.length) return false;
      for (const d of DEPARTMENTS) {
        if (adding.some((s) => s.departmentCode === d.code) && !departments.some((o) => o.code === d.code)) departments.push(d);
      }
      doc.subItems = [...subItems, ...adding];
      doc.departments = departments;
      return true;
    });
  }

  async down(q: QueryRunner): Promise<void> {
    // Only items no case was filed under go: a code on a case must stay readable.
    const used = new Set<string>(
      (await q.query(`SELECT DISTINCT "sub_item" AS code FROM "case_file" WHERE "sub_item" = ANY($1)`, [SUB_ITEMS.map((s) => s.code)])).map((r: { code: string }) => r.code),
    );
    await this.change(q, (doc) => {
      const before = doc.subItems?.length ?? 0;
      doc.subItems = (doc.subItems ?? []).filter((s) => used.has(s.code) || !SUB_ITEMS.some((o) => o.code === s.code));
      const stillUsed = new Set(doc.subItems.map((s) => s.departmentCode));
      doc.departments = (doc.departments ?? []).filter((d) => stillUsed.has(d.code) || !DEPARTMENTS.some((o) => o.code === d.code));
      return doc.subItems.length !== before;
    });
  }

  private async change(q: QueryRunner, edit: (doc: Doc) => boolean): Promise<void> {
    const rows: { document: Doc }[] = await q.query(`SELECT "document" FROM "taxonomy_document" WHERE "id" = 1 FOR UPDATE`);
    if (!rows.length) return; // a new database gets the shipped default on first start
    const doc = rows[0].document;
    if (!edit(doc)) return;
    await q.query(`UPDATE "taxonomy_document" SET "document" = $1, "updated_by" = 'migration', "updated_at" = now() WHERE "id" = 1`, [JSON.stringify(doc)]);
  }
}
