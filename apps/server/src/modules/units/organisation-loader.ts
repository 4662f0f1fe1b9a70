import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { hashPassword } from '../../common/auth/password';
import { parentProblem } from './hierarchy';
import {
  OrganisationLoadError,
  parseOrganisationFiles,
  positionInFile,
  recordLabel,
  STAFF_FILE,
  UNITS_FILE,
  type OrganisationFiles,
  type ParsedOrganisation,
  type StaffRecord,
  type UnitRecord,
} from './organisation-files';
import { StaffUserEntity, type StaffRole } from './staff-user.entity';
import { UnitEntity, type UnitLevel } from './unit.entity';

export interface LoadOptions {
  /** Also change existing units and staff to match the files (never a password). Otherwise existing rows are left alone. */
  update: boolean;
  /** For new staff without initialPassword (the demo set only): hashed once, shared. Otherwise such staff cannot log in with a password. */
  defaultPassword?: string;
}

export interface LoadCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface LoadReport {
  units: LoadCounts;
  staff: LoadCounts & { withoutPassword: number };
}

/** Stored for staff created without a password: verifyPassword accepts only scrypt$… hashes, so nothing matches it. */
export const NO_PASSWORD = '!no-password';

/** Loads run one at a time, also across server instances booting together. */
const ORG_LOCK = 7_012_346;
const CHUNK = 500;

/**
 * Loads a city's organisation from `dir` (units.json, staff.json; see data/org/README.md):
 * inserts units and staff that are missing by code and username, and with `update` brings
 * existing ones in line with the files. All or nothing: one transaction, and any problem in
 * any record stops the load before a row is written (OrganisationLoadError lists them all).
 */
export async function loadOrganisation(ds: DataSource, dir: string, opts: LoadOptions): Promise<LoadReport> {
  const parsed = parseOrganisationFiles(dir);
  return applyOrganisation(ds, parsed, dir, opts);
}

/**
 * Loads records already read. Problems found while reading (`parsed.problems`) are reported
 * together with those of references, so one run lists everything to fix.
 */
export async function applyOrganisation(
  ds: DataSource,
  parsed: OrganisationFiles & Partial<Pick<ParsedOrganisation, 'problems' | 'rejected'>>,
  source: string,
  opts: LoadOptions,
): Promise<LoadReport> {
  const org: OrganisationFiles = { units: parsed.units, staff: parsed.staff };
  const rejected = parsed.rejected ?? { codes: new Set<string>(), usernames: new Set<string>() };
  return ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [ORG_LOCK]);
    const state = await readState(m, org);
    const problems = [...(parsed.problems ?? []), ...check(org, state, opts.update, rejected)];
    if (problems.length > 0) throw new OrganisationLoadError(problems, source);
    return write(m, org, state, opts);
  });
}

interface State {
  unitsByCode: Map<string, UnitEntity>;
  unitsById: Map<string, UnitEntity>;
  staffByName: Map<string, StaffUserEntity>;
}

async function readState(m: EntityManager, org: OrganisationFiles): Promise<State> {
  const units = await m.getRepository(UnitEntity).find();
  const names = new Set([...org.staff.map((s) => s.username), ...org.units.flatMap((u) => (u.supervisor ? [u.supervisor] : []))]);
  const staff = names.size > 0 ? await m.getRepository(StaffUserEntity).findBy({ username: In([...names]) }) : [];
  return {
    unitsByCode: new Map(units.map((u) => [u.code, u])),
    unitsById: new Map(units.map((u) => [u.id, u])),
    staffByName: new Map(staff.map((s) => [s.username, s])),
  };
}

/** Every reference resolved against the files and the database; the levels fit together; no cycles. */
function check(org: OrganisationFiles, state: State, update: boolean, rejected: ParsedOrganisation['rejected']): string[] {
  const problems: string[] = [];
  const fileUnits = new Map(org.units.map((u) => [u.code, u]));
  const fileStaff = new Map(org.staff.map((s) => [s.username, s]));
  const levelOf = (code: string): UnitLevel | undefined => fileUnits.get(code)?.level ?? state.unitsByCode.get(code)?.level;
  // What the role of a member of staff will be once loaded.
  const roleOf = (username: string): StaffRole | undefined => {
    const existing = state.staffByName.get(username);
    const inFile = fileStaff.get(username);
    if (existing && !(update && inFile)) return existing.role;
    return inFile?.role;
  };
  // What the parent of a unit will be once loaded.
  const parentOf = (code: string): string | null => {
    const existing = state.unitsByCode.get(code);
    const inFile = fileUnits.get(code);
    if (inFile && (!existing || update)) return inFile.parent ?? null;
    const parentId = existing?.parentId;
    return parentId ? (state.unitsById.get(parentId)?.code ?? null) : null;
  };

  const cityCodes = new Set([...state.unitsByCode.values()].filter((u) => u.level === 'city').map((u) => u.code));
  org.units.filter((u) => u.level === 'city').forEach((u) => cityCodes.add(u.code));
  if (cityCodes.size > 1) problems.push(`${UNITS_FILE}: level: only one unit may be the city command centre; found ${[...cityCodes].join(', ')}`);

  org.units.forEach((u: UnitRecord, i) => {
    const label = recordLabel(UNITS_FILE, positionInFile(u, i), 'code', u.code);
    const existing = state.unitsByCode.get(u.code);
    if (existing && existing.level !== u.level) {
      problems.push(`${label}: level: the unit exists as a ${existing.level}; a unit's level cannot change`);
    }
    if (u.parent === u.code) {
      problems.push(`${label}: parent: a unit cannot be its own parent`);
    } else if (u.parent !== undefined) {
      const parentLevel = levelOf(u.parent);
      if (parentLevel === undefined) {
        // A parent whose own record was rejected has been reported there already.
        if (!rejected.codes.has(u.parent)) problems.push(`${label}: parent: unknown unit code "${u.parent}" (not in ${UNITS_FILE} nor in the database)`);
      } else {
        const p = parentProblem(u.level, parentLevel);
        if (p) problems.push(`${label}: parent: "${u.parent}" is a ${parentLevel}; ${p}`);
      }
    } else {
      const p = parentProblem(u.level, null);
      if (p) problems.push(`${label}: parent: ${p}`);
    }
    if (typeof u.supervisor === 'string') {
      const role = roleOf(u.supervisor);
      if (role === undefined) {
        if (!rejected.usernames.has(u.supervisor)) problems.push(`${label}: supervisor: unknown username "${u.supervisor}" (not in ${STAFF_FILE} nor in the database)`);
      } else if (role !== 'city_leader') problems.push(`${label}: supervisor: "${u.supervisor}" is a ${role}, not a city_leader`);
    }
  });

  // Departments may nest, so a chain of parents could loop; every other level only climbs.
  for (const u of org.units) {
    if (u.parent === u.code) continue; // said above
    const seen = [u.code];
    for (let code = parentOf(u.code); code !== null; code = parentOf(code)) {
      if (code === u.code) {
        problems.push(`${recordLabel(UNITS_FILE, positionInFile(u, org.units.indexOf(u)), 'code', u.code)}: parent: makes a cycle ${[...seen, code].join(' → ')}`);
        break;
      }
      if (seen.includes(code) || seen.length > 64) break; // a loop elsewhere is reported at its own record
      seen.push(code);
    }
  }

  org.staff.forEach((s: StaffRecord, i) => {
    if (levelOf(s.unit) === undefined && !rejected.codes.has(s.unit)) {
      problems.push(`${recordLabel(STAFF_FILE, positionInFile(s, i), 'username', s.username)}: unit: unknown unit code "${s.unit}" (not in ${UNITS_FILE} nor in the database)`);
    }
  });
  return problems;
}

async function write(m: EntityManager, org: OrganisationFiles, state: State, opts: LoadOptions): Promise<LoadReport> {
  const report: LoadReport = { units: { inserted: 0, updated: 0, unchanged: 0 }, staff: { inserted: 0, updated: 0, unchanged: 0, withoutPassword: 0 } };

  // Ids first (new rows get theirs here), so that units and staff can name each other in one pass.
  const unitId = new Map<string, string>([...state.unitsByCode].map(([code, u]) => [code, u.id]));
  for (const u of org.units) if (!unitId.has(u.code)) unitId.set(u.code, randomUUID());
  const staffId = new Map<string, string>([...state.staffByName].map(([name, s]) => [name, s.id]));
  for (const s of org.staff) if (!staffId.has(s.username)) staffId.set(s.username, randomUUID());
  const idOfUnit = (code: string) => unitId.get(code) as string;
  const supervisorId = (u: UnitRecord) => (typeof u.supervisor === 'string' ? (staffId.get(u.supervisor) as string) : null);

  const newUnits: Array<Partial<UnitEntity>> = [];
  const units = m.getRepository(UnitEntity);
  for (const u of org.units) {
    const existing = state.unitsByCode.get(u.code);
    if (!existing) {
      newUnits.push({
        id: idOfUnit(u.code),
        code: u.code,
        name: u.name,
        level: u.level,
        parentId: u.parent ? idOfUnit(u.parent) : null,
        supervisorId: supervisorId(u),
        sample: u.sample ?? false,
        centerLat: u.center?.lat ?? null,
        centerLng: u.center?.lng ?? null,
        elderly: u.elderly ?? null,
      });
      continue;
    }
    const patch: Partial<UnitEntity> = {};
    if (opts.update) {
      const parentId = u.parent ? idOfUnit(u.parent) : null;
      if (existing.name !== u.name) patch.name = u.name;
      if (existing.parentId !== parentId) patch.parentId = parentId;
      if (u.supervisor !== undefined && existing.supervisorId !== supervisorId(u)) patch.supervisorId = supervisorId(u);
      if (u.sample !== undefined && existing.sample !== u.sample) patch.sample = u.sample;
      if (u.elderly !== undefined && existing.elderly !== u.elderly) patch.elderly = u.elderly;
      if (u.center !== undefined && (existing.centerLat !== (u.center?.lat ?? null) || existing.centerLng !== (u.center?.lng ?? null))) {
        patch.centerLat = u.center?.lat ?? null;
        patch.centerLng = u.center?.lng ?? null;
      }
    }
    if (Object.keys(patch).length > 0) {
      await units.update({ id: existing.id }, patch);
      report.units.updated += 1;
    } else report.units.unchanged += 1;
  }
  for (let i = 0; i < newUnits.length; i += CHUNK) await units.insert(newUnits.slice(i, i + CHUNK));
  report.units.inserted = newUnits.length;

  let sharedHash: string | undefined;
  const newStaff: Array<Partial<StaffUserEntity>> = [];
  const staff = m.getRepository(StaffUserEntity);
  for (const s of org.staff) {
    const existing = state.staffByName.get(s.username);
    if (!existing) {
      let passwordHash: string;
      if (s.initialPassword !== undefined) passwordHash = await hashPassword(s.initialPassword);
      else if (opts.defaultPassword !== undefined) passwordHash = sharedHash ??= await hashPassword(opts.defaultPassword);
      else {
        passwordHash = NO_PASSWORD;
        report.staff.withoutPassword += 1;
      }
      newStaff.push({
        id: staffId.get(s.username),
        username: s.username,
        displayName: s.displayName,
        role: s.role,
        unitId: idOfUnit(s.unit),
        openid: s.openid ?? null,
        phone: s.phone ?? null,
        passwordHash,
        active: s.active ?? true,
      });
      continue;
    }
    const patch: Partial<StaffUserEntity> = {};
    if (opts.update) {
      if (existing.displayName !== s.displayName) patch.displayName = s.displayName;
      if (existing.role !== s.role) patch.role = s.role;
      if (existing.unitId !== idOfUnit(s.unit)) patch.unitId = idOfUnit(s.unit);
      if (s.openid !== undefined && existing.openid !== s.openid) patch.openid = s.openid;
      if (s.phone !== undefined && existing.phone !== s.phone) patch.phone = s.phone;
      if (s.active !== undefined && existing.active !== s.active) patch.active = s.active;
    }
    if (Object.keys(patch).length > 0) {
      await staff.update({ id: existing.id }, patch);
      report.staff.updated += 1;
    } else report.staff.unchanged += 1;
  }
  for (let i = 0; i < newStaff.length; i += CHUNK) await staff.insert(newStaff.slice(i, i + CHUNK));
  report.staff.inserted = newStaff.length;
  return report;
}
