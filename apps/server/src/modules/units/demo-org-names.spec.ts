import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_ORG_DIR } from './demo-seed';

interface UnitRow {
  code: string;
  name: string;
  level: string;
  parent?: string;
}
interface StaffRow {
  username: string;
  displayName: string;
  unit: string;
}

const read = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const units = read<UnitRow[]>(join(DEMO_ORG_DIR, 'units.json'));
const staff = read<StaffRow[]>(join(DEMO_ORG_DIR, 'staff.json'));
const taxonomy = read<{ departments: Array<{ code: string; name: string }> }>(join(__dirname, '../../../../../libs/domain/data/taxonomy.json'));
const sandboxPage = readFileSync(join(__dirname, '../sandbox/sandbox.html'), 'utf8');
const byCode = new Map(units.map((u) => [u.code, u]));

/** A unit as people write it after a name: 「八台镇」, a village with its town 「八台镇香炉村」. */
function writtenNames(u: UnitRow): string[] {
  const town = u.level === 'village' && u.parent ? byCode.get(u.parent) : undefined;
  return town ? [u.name, `${town.name}${u.name}`] : [u.name];
}

/** One unit, one name: the demo data, the taxonomy and the sandbox page call every unit the same. */
describe('names of the demo units', () => {
  it('in a staff member’s display name match the unit they belong to', () => {
    const mismatched = staff.flatMap((s) => {
      const said = /（(.+)）$/.exec(s.displayName)?.[1];
      const unit = byCode.get(s.unit);
      return said && unit && !writtenNames(unit).includes(said) ? [`${s.username}: ${said} ≠ ${unit.name}`] : [];
    });
    expect(mismatched).toEqual([]);
  });

  it('in the taxonomy’s departments match the units with the same code', () => {
    expect(taxonomy.departments.filter((d) => byCode.get(d.code)?.name !== d.name)).toEqual([]);
  });

  it('in the sandbox’s handler list match the staff accounts', () => {
    const options = [...sandboxPage.matchAll(/<option value="([\w-]+)">([^<]+)<\/option>/g)].map(([, username, label]) => ({ username, label }));
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) expect(o.label).toBe(staff.find((s) => s.username === o.username)?.displayName);
  });
});
