import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UNIT_LEVELS } from './hierarchy';
import { STAFF_ROLES, type StaffRole } from './staff-user.entity';
import type { UnitLevel } from './unit.entity';

/**
 * The organisation as a city writes it down: units.json and staff.json in one folder
 * (format: apps/server/data/org/README.md). This file only reads and checks the records one by
 * one; references between them and to the database are checked by the loader.
 */

/** One unit. `undefined` means "not given" (left as it is on update); `null` means "none". */
export interface UnitRecord {
  code: string;
  name: string;
  level: UnitLevel;
  parent?: string;
  supervisor?: string | null;
  center?: { lat: number; lng: number } | null;
  sample?: boolean;
  /** Residents aged 60 and over (villages): the bench-meeting list looks for villages it does not hear from. */
  elderly?: number | null;
}

export interface StaffRecord {
  username: string;
  displayName: string;
  role: StaffRole;
  unit: string;
  openid?: string | null;
  phone?: string | null;
  active?: boolean;
  /** Used only when the account is created; never stored or logged as given. */
  initialPassword?: string;
}

export interface OrganisationFiles {
  units: UnitRecord[];
  staff: StaffRecord[];
}

export const UNITS_FILE = 'units.json';
export const STAFF_FILE = 'staff.json';

export const UNIT_CODE = /^[a-z][a-z0-9-]{0,63}$/;
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
export const PHONE = /^\+?[0-9][0-9-]{4,19}$/;

const MAX_SHOWN = 50;

/** The files could not be loaded; every problem found is listed, each naming file, record and field. */
export class OrganisationLoadError extends Error {
  constructor(
    readonly problems: string[],
    where: string,
  ) {
    const shown = problems.slice(0, MAX_SHOWN);
    const more = problems.length > MAX_SHOWN ? `\n  … and ${problems.length - MAX_SHOWN} more` : '';
    super(`organisation in ${where} not loaded (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${shown.join('\n  - ')}${more}`);
    this.name = 'OrganisationLoadError';
  }
}

/** "units.json record 3 (code "town-x")": how a problem names the record it is about. */
export function recordLabel(file: string, index: number, key: string, value: unknown): string {
  return typeof value === 'string' && value ? `${file} record ${index + 1} (${key} "${value}")` : `${file} record ${index + 1}`;
}

type Problems = string[];

/** Where each record read from a file stood in it, so that later problems name the right record. */
const positions = new WeakMap<object, number>();
export function positionInFile(record: UnitRecord | StaffRecord, fallback: number): number {
  return positions.get(record) ?? fallback;
}
type Raw = Record<string, unknown>;

const UNIT_FIELDS = ['code', 'name', 'level', 'parent', 'supervisor', 'center', 'sample', 'elderly'] as const;
const STAFF_FIELDS = ['username', 'displayName', 'role', 'unit', 'openid', 'phone', 'active', 'initialPassword'] as const;

export interface ParsedOrganisation extends OrganisationFiles {
  /** Problems of single records and files, each naming file, record and field. */
  problems: string[];
  /** Codes and usernames of records dropped for their problems: references to them are not reported again. */
  rejected: { codes: Set<string>; usernames: Set<string> };
}

/** Reads and checks units.json and staff.json in `dir`, keeping the valid records and listing the problems of the others. */
export function parseOrganisationFiles(dir: string): ParsedOrganisation {
  const problems: Problems = [];
  const unitsRaw = readArray(dir, UNITS_FILE, problems);
  const staffRaw = readArray(dir, STAFF_FILE, problems);
  if (unitsRaw === undefined && staffRaw === undefined && problems.length === 0) {
    problems.push(`neither ${UNITS_FILE} nor ${STAFF_FILE} found in ${dir}`);
  }
  const rejected = { codes: new Set<string>(), usernames: new Set<string>() };
  const units: UnitRecord[] = [];
  (unitsRaw ?? []).forEach((r, i) => {
    const u = checkUnit(r, i, problems);
    if (u) {
      positions.set(u, i);
      units.push(u);
    } else if (isObject(r) && typeof r.code === 'string') rejected.codes.add(r.code);
  });
  const staff: StaffRecord[] = [];
  (staffRaw ?? []).forEach((r, i) => {
    const s = checkStaff(r, i, problems);
    if (s) {
      positions.set(s, i);
      staff.push(s);
    } else if (isObject(r) && typeof r.username === 'string') rejected.usernames.add(r.username);
  });
  duplicates(units.map((u) => u.code), UNITS_FILE, 'code', problems);
  duplicates(staff.map((s) => s.username), STAFF_FILE, 'username', problems);
  return { units, staff, problems, rejected };
}

/** undefined when the file is absent (each file is optional; an empty folder is not). */
function readArray(dir: string, file: string, problems: Problems): unknown[] | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.push(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.push(`${file}: must be a JSON array of records`);
    return [];
  }
  return parsed;
}

function duplicates(keys: string[], file: string, field: string, problems: Problems): void {
  const seen = new Map<string, number>();
  keys.forEach((k) => seen.set(k, (seen.get(k) ?? 0) + 1));
  for (const [k, n] of seen) if (n > 1) problems.push(`${file}: ${field} "${k}" appears ${n} times`);
}

/** Collects the problems of one record under its label. */
class Checker {
  readonly before: number;
  constructor(
    private readonly label: string,
    private readonly problems: Problems,
  ) {
    this.before = problems.length;
  }
  fail(field: string, message: string): void {
    this.problems.push(`${this.label}: ${field}: ${message}`);
  }
  get ok(): boolean {
    return this.problems.length === this.before;
  }
  unknownFields(raw: Raw, known: readonly string[]): void {
    for (const key of Object.keys(raw)) if (!known.includes(key)) this.fail(key, `unknown field (known: ${known.join(', ')})`);
  }
  text(raw: Raw, field: string, opts: { required: boolean; max: number; pattern?: RegExp; hint?: string; nullable?: boolean }): string | null | undefined {
    const v = raw[field];
    if (v === undefined || (v === null && opts.nullable)) {
      if (opts.required) this.fail(field, 'required');
      return v as null | undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(field, 'must be a non-empty string');
      return undefined;
    }
    if (v.length > opts.max) this.fail(field, `at most ${opts.max} characters`);
    else if (opts.pattern && !opts.pattern.test(v)) this.fail(field, `"${v}" is malformed (${opts.hint})`);
    return v;
  }
  oneOf<T extends string>(raw: Raw, field: string, allowed: readonly T[]): T | undefined {
    const v = raw[field];
    if (v === undefined) this.fail(field, 'required');
    else if (typeof v !== 'string' || !allowed.includes(v as T)) this.fail(field, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
    else return v as T;
    return undefined;
  }
  bool(raw: Raw, field: string): boolean | undefined {
    const v = raw[field];
    if (v === undefined || typeof v === 'boolean') return v;
    this.fail(field, 'must be true or false');
    return undefined;
  }
}

function isObject(r: unknown): r is Raw {
  return typeof r === 'object' && r !== null && !Array.isArray(r);
}

function checkUnit(r: unknown, i: number, problems: Problems): UnitRecord | null {
  if (!isObject(r)) {
    problems.push(`${recordLabel(UNITS_FILE, i, 'code', null)}: must be an object`);
    return null;
  }
  const c = new Checker(recordLabel(UNITS_FILE, i, 'code', r.code), problems);
  c.unknownFields(r, UNIT_FIELDS);
  const code = c.text(r, 'code', { required: true, max: 64, pattern: UNIT_CODE, hint: 'lower-case letters, digits and "-", starting with a letter' });
  const name = c.text(r, 'name', { required: true, max: 100 });
  const level = c.oneOf(r, 'level', UNIT_LEVELS);
  const parent = c.text(r, 'parent', { required: false, max: 64, nullable: true });
  const supervisor = c.text(r, 'supervisor', { required: false, max: 64, nullable: true });
  const center = checkCenter(r.center, c);
  const sample = c.bool(r, 'sample');
  const elderly = r.elderly;
  if (elderly !== undefined && elderly !== null && !(Number.isInteger(elderly) && (elderly as number) >= 0)) c.fail('elderly', 'must be a whole number ≥ 0 or null');
  if (elderly !== undefined && elderly !== null && level !== 'village') c.fail('elderly', 'only villages carry it');
  if (!c.ok) return null;
  return {
    code: code as string,
    name: (name as string).trim(),
    level: level as UnitLevel,
    ...(parent ? { parent } : {}),
    ...(supervisor !== undefined ? { supervisor } : {}),
    ...(center !== undefined ? { center } : {}),
    ...(sample !== undefined ? { sample } : {}),
    ...(elderly !== undefined ? { elderly: elderly as number | null } : {}),
  };
}

function checkCenter(v: unknown, c: Checker): { lat: number; lng: number } | null | undefined {
  if (v === undefined || v === null) return v;
  if (!isObject(v)) {
    c.fail('center', 'must be {"lat": …, "lng": …} or null');
    return undefined;
  }
  const extra = Object.keys(v).filter((k) => k !== 'lat' && k !== 'lng');
  if (extra.length > 0) c.fail('center', `unknown field ${extra.join(', ')} (known: lat, lng)`);
  const { lat, lng } = v;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) c.fail('center.lat', 'must be a latitude between -90 and 90');
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180) c.fail('center.lng', 'must be a longitude between -180 and 180');
  return { lat: lat as number, lng: lng as number };
}

function checkStaff(r: unknown, i: number, problems: Problems): StaffRecord | null {
  if (!isObject(r)) {
    problems.push(`${recordLabel(STAFF_FILE, i, 'username', null)}: must be an object`);
    return null;
  }
  const c = new Checker(recordLabel(STAFF_FILE, i, 'username', r.username), problems);
  c.unknownFields(r, STAFF_FIELDS);
  const username = c.text(r, 'username', { required: true, max: 64, pattern: USERNAME, hint: 'letters, digits, ".", "_" and "-", 2 to 64' });
  const displayName = c.text(r, 'displayName', { required: true, max: 64 });
  const role = c.oneOf(r, 'role', STAFF_ROLES);
  const unit = c.text(r, 'unit', { required: true, max: 64 });
  const openid = c.text(r, 'openid', { required: false, max: 64, nullable: true });
  const phone = c.text(r, 'phone', { required: false, max: 20, pattern: PHONE, hint: 'digits, optionally with "+" and "-"', nullable: true });
  const active = c.bool(r, 'active');
  const initialPassword = r.initialPassword;
  // The value itself never goes into a message.
  if (initialPassword !== undefined && (typeof initialPassword !== 'string' || initialPassword.length < 8 || initialPassword.length > 128)) {
    c.fail('initialPassword', 'must be a string of 8 to 128 characters');
  }
  if (!c.ok) return null;
  return {
    username: username as string,
    displayName: (displayName as string).trim(),
    role: role as StaffRole,
    unit: unit as string,
    ...(openid !== undefined ? { openid } : {}),
    ...(phone !== undefined ? { phone } : {}),
    ...(active !== undefined ? { active } : {}),
    ...(typeof initialPassword === 'string' ? { initialPassword } : {}),
  };
}
