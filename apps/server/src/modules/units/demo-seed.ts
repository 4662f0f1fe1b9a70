import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadOrganisation } from './organisation-loader';

/**
 * The demo organisation of a Wanyuan-like city (apps/server/data/org): 1 command centre,
 * 7 regional sub-centres, 31 towns with their villages, 45 departments and their staff.
 * Town names from the seed article are real places with approximate centres; everything
 * marked "sample" is invented, and so are all the people.
 */
export const DEMO_ORG_DIR = join(__dirname, '..', '..', '..', 'data', 'org');

/** Every demo account's password (the sandbox README tells newcomers). */
export const DEMO_PASSWORD = 'demo1234';

/** Inserts whatever of the demo organisation is missing; existing rows are never changed, so running it again changes nothing. */
export async function seedDemo(ds: DataSource): Promise<void> {
  await loadOrganisation(ds, DEMO_ORG_DIR, { update: false, defaultPassword: DEMO_PASSWORD });
}
