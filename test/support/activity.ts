import type { Staff } from './staff';

export type Unit = { id: string; name: string; code: string; level: string; parentId: string | null };

/** The body of a call that must succeed; anything else fails the test with the server's answer. */
export async function ok<T = any>(call: Promise<{ status: number; body: T }>): Promise<T> {
  const res = await call;
  if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A download with a staff token: status, content type and the bytes. */
export async function download(baseUrl: string, who: Staff, path: string): Promise<{ status: number; type: string | null; cache: string | null; body: Buffer }> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${who.token}` } });
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('cache-control'), body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * Cases filed and handled through the REST API as the office and the units do: the 专线电话
 * dispatcher files and classifies a complaint about a place, assigns it, the unit signs for and
 * answers it, the office revisits. Each resident gets a phone number of their own.
 */
export class Activity {
  private phone: number;

  constructor(
    readonly dispatcher: Pick<Staff, 'call'>,
    readonly units: Unit[],
    firstPhone = 13900000000,
  ) {
    this.phone = firstPhone;
  }

  static async start(dispatcher: Pick<Staff, 'call'>, firstPhone?: number): Promise<Activity> {
    return new Activity(dispatcher, await ok<Unit[]>(dispatcher.call('GET', '/api/units')), firstPhone);
  }

  unit(name: string): Unit {
    const found = this.units.find((u) => u.name === name);
    if (!found) throw new Error(`no unit ${name}`);
    return found;
  }

  /** A village of the town: where residents' cases are about. */
  village(town: string): Unit {
    return this.units.find((u) => u.level === 'village' && u.parentId === this.unit(town).id)!;
  }

  async file(text: string, place: Unit, subItem = 'roads-transport'): Promise<any> {
    const c = await ok(this.dispatcher.call('POST', '/api/cases', { channel: 'phone', text, residentName: '王大爷', residentPhone: String(++this.phone), placeUnitId: place.id }));
    return ok(this.dispatcher.call('POST', `/api/cases/${c.id}/classify`, { kind: 'complaint', subItem, urgency: 'normal' }));
  }

  async assign(caseId: string, unitId: string): Promise<void> {
    await ok(this.dispatcher.call('POST', `/api/cases/${caseId}/assign`, { unitId }));
  }

  /** Filed, assigned to the unit, signed for and answered by `by`, and revisited when a rating is given. */
  async handled(by: Staff, unitName: string, text: string, place: Unit, rating: string | null, subItem?: string): Promise<any> {
    const c = await this.file(text, place, subItem);
    await this.assign(c.id, this.unit(unitName).id);
    await ok(by.call('POST', `/api/cases/${c.id}/sign-for`, {}));
    await ok(by.call('POST', `/api/cases/${c.id}/answer`, { text: '已处理完毕' }));
    if (rating) await ok(this.dispatcher.call('POST', `/api/cases/${c.id}/revisit`, { rating, solved: rating !== 'unsatisfied' }));
    return c;
  }
}
