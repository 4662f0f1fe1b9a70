import { createHash } from 'node:crypto';
import { QueryFailedError, type EntityMetadata, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

/**
 * Parameters of one statement assembled by several modules (a CTE each): every part asks for its
 * placeholders here, so their numbers never clash.
 */
export class StatementParams {
  readonly values: unknown[] = [];

  /** The placeholder for a value. */
  of(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * A row read as JSON (row_to_json) in a hand-written statement, as the entity TypeORM would have
 * given: columns by property name, timestamps as Dates.
 */
export function entityFromJson<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = m.connection.getMetadata(target);
  const entity = m.getRepository(target).create() as T;
  for (const column of metadata.columns) {
    const raw = row[column.databaseName];
    if (raw === undefined) continue;
    const value = raw !== null && isTimestamp(column.type) ? new Date(raw as string) : raw;
    column.setEntityValue(entity, value);
  }
  return entity;
}

/** `INSERT INTO table (…) VALUES (…)` of the entity's set columns; generated ones keep their database defaults. */
export function insertValues<T extends ObjectLiteral>(metadata: EntityMetadata, entity: T, p: StatementParams): { columns: string; values: string } {
  const columns: string[] = [];
  const values: string[] = [];
  for (const column of metadata.columns) {
    if (column.isGenerated || column.isCreateDate || column.isUpdateDate) continue;
    let value: unknown = column.isVersion ? 1 : column.getEntityValue(entity);
    if (value === undefined) continue;
    const json = column.type === 'jsonb' || column.type === 'json';
    if (json && value !== null) value = JSON.stringify(value);
    columns.push(`"${column.databaseName}"`);
    values.push(json ? `${p.of(value)}::jsonb` : p.of(value));
  }
  return { columns: columns.join(', '), values: values.join(', ') };
}

function isTimestamp(type: unknown): boolean {
  return type === 'timestamptz' || type === 'timestamp' || type === 'timestamp with time zone' || type === Date;
}

/** A connection's own prepared statements stay few: beyond this many distinct texts, statements go unnamed. */
const MAX_NAMED_STATEMENTS = 64;
const statementNames = new Map<string, string>();

/** node-postgres' client as the query runner holds it (PGlite's stand-in has the same call). */
interface PgClientLike {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs one of the statements a hot path sends for every message, as a named prepared statement:
 * each connection parses and plans it once, not on every message (for the chat's statements,
 * planning took longer than running). Logged and failing like `m.query`. The text must not
 * carry values (they go in `values`), or every message would prepare a new statement.
 */
export async function queryPrepared<T>(m: EntityManager, sql: string, values: unknown[]): Promise<T[]> {
  const runner = m.queryRunner;
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `msz_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  if (name === undefined || runner?.isReleased) return m.query(sql, values);
  // Outside a transaction, a connection of the pool for this statement only (as m.query does).
  const own = runner ? undefined : m.connection.createQueryRunner();
  const through = runner ?? own!;
  try {
    const client = (await through.connect()) as PgClientLike;
    m.connection.logger.logQuery(sql, values, through);
    try {
      return (await client.query({ name, text: sql, values })).rows as T[];
    } catch (err) {
      m.connection.logger.logQueryError(err as Error, sql, values, through);
      throw new QueryFailedError(sql, values, err as Error);
    }
  } finally {
    await own?.release();
  }
}
