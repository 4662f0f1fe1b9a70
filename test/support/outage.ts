import type { TestApp } from '@msz/server/testing/test-app';
import { IntakeJournalService } from '@msz/server/modules/wechat/intake-journal.service';
import { RECEIVED } from '@msz/server/modules/wechat/replies';
import { numberIn, Resident } from './resident';

/** What one resident says during an outage: a follow-up to the case filed before, "新诉求", a new demand and its follow-up. */
export const OUTAGE_SCRIPT = (i: number) => [`第${i}户：垃圾就堆在村口`, '新诉求', `第${i}户：八台镇${i}号路灯坏了`, `第${i}户：就在学校门口`];

export interface OutageResult {
  residents: Resident[];
  /** Each resident's case filed before the outage. */
  before: string[];
  /** Every reply given during the outage, with how long it took. */
  replies: Array<{ status: number; reply: string | null; ms: number }>;
}

/**
 * Residents file, the database goes away (`stop`), each resident sends OUTAGE_SCRIPT, the
 * database returns (`start`), and the journal is given time to file everything.
 */
export async function runOutage(sut: TestApp, residentCount: number, stop: () => Promise<void>, start: () => Promise<void>): Promise<OutageResult> {
  const residents = Array.from({ length: residentCount }, (_, i) => new Resident(sut.baseUrl, `o_outage_${String(i).padStart(3, '0')}`));
  // Their first cases are filed ten at a time: forty first contacts at once on a cold test app can outlast the
  // webhook's 3 s deadline on a busy 2-core machine and be journalled, which is the outage's subject, not the set-up's.
  const before: string[] = [];
  for (let i = 0; i < residents.length; i += 10) {
    const group = residents.slice(i, i + 10);
    before.push(...(await Promise.all(group.map(async (r, j) => numberIn((await r.say(`第${i + j}户：井溪镇二村的垃圾好几天没人收了`)).reply)))));
  }
  for (const r of residents) sut.wechat.userMessagedAt(r.openid); // WeChat knows they just wrote
  await stop();
  const replies: OutageResult['replies'] = [];
  await Promise.all(
    residents.map(async (r, i) => {
      for (const line of OUTAGE_SCRIPT(i)) {
        const t0 = Date.now();
        const res = await r.say(line);
        replies.push({ status: res.status, reply: res.reply, ms: Date.now() - t0 });
      }
    }),
  );
  await start();
  const journal = sut.app.get(IntakeJournalService);
  const deadline = Date.now() + 60_000;
  while (journal.pendingCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return { residents, before, replies };
}

/** Every demand filed exactly once, each follow-up on the right case, and the numbers sent by customer-service message. */
export async function expectNothingLost(sut: TestApp, { residents, before, replies }: OutageResult): Promise<void> {
  expect(sut.app.get(IntakeJournalService).pendingCount).toBe(0);
  // Answered in WeChat's time, and honestly: received, not yet filed.
  for (const r of replies) expect(r).toEqual({ status: 200, reply: RECEIVED, ms: expect.any(Number) });
  expect(Math.max(...replies.map((r) => r.ms))).toBeLessThan(5_000);

  await sut.outbox.drain();
  for (const [i, r] of residents.entries()) {
    const cases: Array<{ id: string; number: string; text: string }> = await sut.ds.query(`SELECT id, number, text FROM case_file WHERE resident_openid = $1 ORDER BY accepted_at`, [r.openid]);
    expect(cases.map((c) => c.text)).toEqual([`第${i}户：井溪镇二村的垃圾好几天没人收了`, `第${i}户：八台镇${i}号路灯坏了`]);
    expect(cases[0].number).toBe(before[i]);
    const notes = async (caseId: string) =>
      ((await sut.ds.query(`SELECT note FROM case_timeline WHERE case_id = $1 AND action = 'add_info' ORDER BY at, id`, [caseId])) as Array<{ note: string }>).map((n) => n.note);
    expect(await notes(cases[0].id)).toEqual([`第${i}户：垃圾就堆在村口`]);
    expect(await notes(cases[1].id)).toEqual([`第${i}户：就在学校门口`]);
    // The replies they did not get, by customer-service message, once each ("新诉求" needs none by then).
    const told = sut.wechat.sent.filter((m) => m.kind === 'custom' && m.touser === r.openid).map((m) => String(m.content));
    expect(told).toHaveLength(3);
    expect(told.filter((t) => t.includes(`文字已补充到受理编号${cases[0].number}`))).toHaveLength(1);
    expect(told.filter((t) => t.includes('您反映的问题已受理') && t.includes(cases[1].number))).toHaveLength(1);
    expect(told.filter((t) => t.includes(`文字已补充到受理编号${cases[1].number}`))).toHaveLength(1);
  }
}
