import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimJournalFile, encodeLine, Journal } from './journal';

type Msg = { text: string };
const fresh = () => join(mkdtempSync(join(tmpdir(), 'msz-journal-')), 'j.log');

describe(Journal.name, () => {
  it('keeps what was appended, in order, across a reopen, until it is marked done', async () => {
    const file = fresh();
    const sut = await Journal.open<Msg>(file);
    const a = await sut.append({ text: '一' });
    const b = await sut.append({ text: '二' });
    await sut.append({ text: '三' });
    await sut.markDone(b.seq);
    await sut.close();

    const again = await Journal.open<Msg>(file);
    expect(again.pending().map((e) => e.payload.text)).toEqual(['一', '三']);
    const d = await again.append({ text: '四' });
    expect(d.seq).toBeGreaterThan(a.seq + 2); // sequence numbers are never reused
    for (const e of again.pending()) await again.markDone(e.seq);
    expect(again.pendingCount).toBe(0);
    expect(statSync(file).size).toBe(0); // emptied once nothing is pending
    await again.close();
    expect((await Journal.open<Msg>(file)).pending()).toEqual([]);
  });

  it('fsyncs before append resolves, one fsync for appends that wait together', async () => {
    const probe = await open(fresh(), 'a');
    const proto = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const order: string[] = [];
    const real = proto.datasync;
    const spy = jest.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      await real.call(this);
      order.push('fsync');
    });
    try {
      const sut = await Journal.open<Msg>(fresh());
      const appends = Array.from({ length: 50 }, (_, i) => sut.append({ text: `第${i}条` }).then(() => order.push('resolved')));
      await Promise.all(appends);
      expect(order[0]).toBe('fsync');
      expect(order.filter((o) => o === 'resolved')).toHaveLength(50);
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(spy.mock.calls.length).toBeLessThan(50);
      await sut.close();
    } finally {
      spy.mockRestore();
    }
  });

  it('drops a last line torn by a crash mid-write, and appends cleanly after it', async () => {
    const file = fresh();
    const sut = await Journal.open<Msg>(file);
    await sut.append({ text: '完整的一条' });
    await sut.close();
    const torn = encodeLine({ s: 2, at: new Date().toISOString(), p: { text: '写了一半' } });
    appendFileSync(file, torn.slice(0, torn.length - 9)); // no newline: the process died mid-write

    const again = await Journal.open<Msg>(file);
    expect(again.pending().map((e) => e.payload.text)).toEqual(['完整的一条']);
    await again.append({ text: '后来的一条' });
    await again.close();
    expect((await Journal.open<Msg>(file)).pending().map((e) => e.payload.text)).toEqual(['完整的一条', '后来的一条']);
    expect(readFileSync(file, 'utf8')).not.toContain('写了一半');
  });

  it('skips a line whose checksum does not match and keeps the rest', async () => {
    const file = fresh();
    const good = (s: number, text: string) => encodeLine({ s, at: '2026-12-03T00:00:00.000Z', p: { text } });
    const bad = good(2, '被改过').replace('被改过', '改过了');
    writeFileSync(file, good(1, '甲') + bad + good(3, '丙'));
    const sut = await Journal.open<Msg>(file);
    expect(sut.pending().map((e) => e.payload.text)).toEqual(['甲', '丙']);
    await sut.close();
  });

  it('has every record whose append resolved, after the process is killed at once', async () => {
    const file = fresh();
    // A separate process appends, then dies by SIGKILL without closing anything.
    const script = `
      const { Journal } = require(${JSON.stringify(require.resolve('./journal'))});
      (async () => {
        const j = await Journal.open(${JSON.stringify(file)});
        for (let i = 0; i < 20; i++) await j.append({ text: 'msg' + i });
        process.kill(process.pid, 'SIGKILL');
      })();`;
    // Run from the server's folder: @swc-node/register compiles with the tsconfig.json it finds there.
    expect(() => execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: join(__dirname, '../../..'), stdio: 'pipe' })).toThrow();
    const sut = await Journal.open<Msg>(file);
    expect(sut.pending().map((e) => e.payload.text)).toEqual(Array.from({ length: 20 }, (_, i) => `msg${i}`));
    await sut.close();
  });

  it('gives each live server a journal file of its own and lets a later one take over a dead owner’s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msz-journal-'));
    const first = await claimJournalFile(dir, 'webhook');
    const second = await claimJournalFile(dir, 'webhook');
    expect(second.file).not.toBe(first.file);
    first.release();
    expect((await claimJournalFile(dir, 'webhook')).file).toBe(first.file);
    writeFileSync(join(dir, 'webhook-9.log.lock'), '999999999'); // a pid that is not running
    const taken = [await claimJournalFile(dir, 'webhook'), await claimJournalFile(dir, 'webhook')];
    expect(taken.map((t) => t.file)).toContain(join(dir, 'webhook-3.log'));
  });
});
