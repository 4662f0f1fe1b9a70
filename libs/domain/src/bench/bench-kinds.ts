// The shipped kinds live as JSON in libs/domain/data so a city edits them without touching code.
// The path is the same from src/bench and dist/bench.
import kindsJson from '../../data/bench-kinds.json';
import { DomainError } from '../shared/domain-error';

/** A kind of bench meeting (板凳会): 政策宣讲, 板凳夜谈, 田埂板凳会, themed ones such as 交通板凳会 … */
export interface BenchKind {
  readonly code: string;
  readonly name: string;
  readonly description: string | null;
  /** A themed meeting (专题) on one subject, e.g. traffic or village customs. */
  readonly themed: boolean;
}

export interface BenchKinds {
  readonly version: number;
  readonly kinds: readonly BenchKind[];
}

const CODE = /^[a-z][a-z0-9_]{0,31}$/;

function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('BENCH_KINDS_INVALID', message, details);
}

/** Checks a kinds document the city wrote: codes well-formed and unique, names present and short. */
export function parseBenchKinds(doc: unknown): BenchKinds {
  if (typeof doc !== 'object' || doc === null) throw invalid('the document must be an object');
  const { version, kinds } = doc as { version?: unknown; kinds?: unknown };
  if (!Number.isInteger(version) || (version as number) < 1) throw invalid('version must be a positive integer');
  if (!Array.isArray(kinds) || kinds.length === 0) throw invalid('kinds must be a non-empty list');
  const seen = new Set<string>();
  const parsed = kinds.map((k: unknown, i): BenchKind => {
    if (typeof k !== 'object' || k === null) throw invalid(`kind ${i} must be an object`, { index: i });
    const { code, name, description, themed, ...rest } = k as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length) throw invalid(`kind ${i} has unknown fields: ${unknown.join(', ')}`, { index: i });
    if (typeof code !== 'string' || !CODE.test(code)) throw invalid(`kind ${i}: code must match ${CODE.source}`, { index: i });
    if (seen.has(code)) throw invalid(`kind code ${code} appears twice`, { code });
    seen.add(code);
    if (typeof name !== 'string' || !name.trim() || name.length > 20) throw invalid(`kind ${code}: name must be 1–20 characters`, { code });
    if (description !== undefined && description !== null && (typeof description !== 'string' || description.length > 100)) throw invalid(`kind ${code}: description must be text of at most 100 characters`, { code });
    if (themed !== undefined && typeof themed !== 'boolean') throw invalid(`kind ${code}: themed must be true or false`, { code });
    return { code, name: name.trim(), description: (description as string | undefined) ?? null, themed: themed === true };
  });
  return { version: version as number, kinds: parsed };
}

let shipped: BenchKinds | undefined;

/** The kinds shipped in libs/domain/data/bench-kinds.json, validated once on first use. */
export function defaultBenchKinds(): BenchKinds {
  shipped ??= parseBenchKinds(kindsJson as unknown);
  return shipped;
}
