import type { Staff } from './staff';

/** The dispatcher's view of a case, found by its number. */
export async function caseByNumber(dispatcher: Staff, number: string): Promise<any> {
  const { body } = await dispatcher.call('GET', '/api/cases?limit=200');
  const found = body.items.find((c: { number: string }) => c.number === number);
  if (!found) throw new Error(`case ${number} not listed`);
  return (await dispatcher.call('GET', `/api/cases/${found.id}`)).body;
}
