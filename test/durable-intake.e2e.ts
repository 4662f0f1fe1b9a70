import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { encodeLine } from '@msz/server/common/journal/journal';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNothingLost, runOutage } from './support/outage';
import { numberIn } from './support/resident';

/** While the database does not answer, the webhook keeps each message in its journal and files it later, once, in order. */
describe('nothing lost while the database is away', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut?.close());

  it('journals what arrives while the database does not answer, then files each message once, in order, and sends the numbers', async () => {
    // The database stops answering: another session holds its connection (PGlite has one) and locks
    // the inbound table (on a server), so the webhook's queries wait, as on a network that hangs.
    let hold: ReturnType<TestApp['ds']['createQueryRunner']> | undefined;
    const stop = async () => {
      hold = sut.ds.createQueryRunner();
      await hold.connect();
      await hold.startTransaction();
      await hold.query('LOCK TABLE wechat_inbound IN ACCESS EXCLUSIVE MODE');
    };
    const start = async () => {
      await hold!.rollbackTransaction();
      await hold!.release();
    };
    const outcome = await runOutage(sut, 12, stop, start);
    await expectNothingLost(sut, outcome);
  });
});

describe('a journal left by a server that stopped', () => {
  let sut: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'msz-journal-'));

  beforeAll(async () => {
    // What a server that died (or lost its database and then its process) left on disk, the last line torn.
    const msg = (i: number, content: string) => ({ ToUserName: 'gh_test', FromUserName: 'o_journal_left_01', CreateTime: 1_795_000_000 + i, MsgType: 'text', Content: content, MsgId: String(5_550_000 + i) });
    const lines = [
      encodeLine({ s: 1, at: new Date().toISOString(), p: msg(1, '黄钟镇三村的水塘漫出来了') }),
      encodeLine({ s: 2, at: new Date().toISOString(), p: msg(2, '淹了两户人家的院子') }),
      encodeLine({ s: 3, at: new Date().toISOString(), p: msg(3, '这一条没写完') }).slice(0, 40),
    ];
    writeFileSync(join(dir, 'webhook-1.log'), lines.join(''));
    writeFileSync(join(dir, 'webhook-1.log.lock'), '999999999'); // its owner is gone
    sut = await createTestApp({ JOURNAL_DIR: dir });
  });
  afterAll(() => sut?.close());

  it('is filed by the next server that starts, and the resident gets the number', async () => {
    const deadline = Date.now() + 30_000;
    let cases: Array<{ id: string; number: string; text: string }> = [];
    while (Date.now() < deadline) {
      cases = await sut.ds.query(`SELECT id, number, text FROM case_file WHERE resident_openid = 'o_journal_left_01'`);
      if (cases.length > 0 && readFileSync(join(dir, 'webhook-1.log'), 'utf8') === '') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(cases.map((c) => c.text)).toEqual(['黄钟镇三村的水塘漫出来了']);
    const notes = await sut.ds.query(`SELECT note FROM case_timeline WHERE case_id = $1 AND action = 'add_info'`, [cases[0].id]);
    expect(notes).toEqual([{ note: '淹了两户人家的院子' }]);
    expect(readFileSync(join(dir, 'webhook-1.log'), 'utf8')).toBe(''); // all filed: emptied

    sut.wechat.userMessagedAt('o_journal_left_01');
    await sut.outbox.drain();
    const told = sut.wechat.sent.filter((m) => m.kind === 'custom' && m.touser === 'o_journal_left_01').map((m) => String(m.content));
    expect(told.map((t) => numberIn(t))).toEqual([cases[0].number, cases[0].number]);
  });
});
