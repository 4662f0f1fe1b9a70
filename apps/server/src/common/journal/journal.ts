import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * An append-only, fsynced journal of JSON records on local disk: what must survive while the
 * database is away. Each line is `<crc32 hex> <json>\n`; a record is durable once append() resolves.
 * A line cut short by a crash (or failing its checksum) is dropped when the journal is opened.
 * Finished records are marked by a `done` line, never rewritten; the file is emptied once nothing is pending.
 */
export interface JournalEntry<T> {
  seq: number;
  at: string;
  payload: T;
}

type Line<T> = { s: number; at: string; p: T } | { s: number; done: true };

interface Waiting {
  line: string;
  resolve(): void;
  reject(err: Error): void;
}

export function encodeLine(record: unknown): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** The record of one line, or null when it is torn or corrupt. */
export function decodeLine(line: string): unknown {
  const space = line.indexOf(' ');
  if (space !== 8) return null;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return null;
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export class Journal<T> {
  private readonly pendingEntries = new Map<number, JournalEntry<T>>();
  private nextSeq = 1;
  private size: number;
  private queue: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    size: number,
  ) {
    this.size = size;
  }

  /** Opens (or creates) the journal, keeping the records not yet marked done and dropping a torn tail. */
  static async open<T>(file: string): Promise<Journal<T>> {
    const { entries, nextSeq, goodBytes, totalBytes } = Journal.recover<T>(file);
    if (goodBytes < totalBytes) {
      // The tail was cut mid-write: cut it off, so the next append starts on a line of its own.
      const fd = openSync(file, 'r+');
      try {
        ftruncateSync(fd, goodBytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    const handle = await open(file, 'a');
    // The file's directory entry must survive a power cut too.
    const dir = openSync(dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    const journal = new Journal<T>(file, handle, goodBytes);
    journal.nextSeq = nextSeq;
    for (const e of entries) journal.pendingEntries.set(e.seq, e);
    return journal;
  }

  private static recover<T>(file: string): { entries: JournalEntry<T>[]; nextSeq: number; goodBytes: number; totalBytes: number } {
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], nextSeq: 1, goodBytes: 0, totalBytes: 0 };
      throw err;
    }
    const open = new Map<number, JournalEntry<T>>();
    let maxSeq = 0;
    let offset = 0;
    let goodBytes = 0;
    while (offset < raw.length) {
      const end = raw.indexOf(0x0a, offset);
      if (end === -1) break; // no newline: the last write was torn
      const record = decodeLine(raw.subarray(offset, end).toString('utf8')) as Line<T> | null;
      offset = end + 1;
      if (!record || typeof record.s !== 'number') continue; // a corrupt line in the middle: skip it, keep the rest
      goodBytes = offset;
      maxSeq = Math.max(maxSeq, record.s);
      if ('done' in record) open.delete(record.s);
      else open.set(record.s, { seq: record.s, at: record.at, payload: record.p });
    }
    return { entries: [...open.values()].sort((a, b) => a.seq - b.seq), nextSeq: maxSeq + 1, goodBytes, totalBytes: raw.length };
  }

  /** Records not yet marked done, oldest first. */
  pending(): JournalEntry<T>[] {
    return [...this.pendingEntries.values()].sort((a, b) => a.seq - b.seq);
  }

  /** The oldest record not yet marked done. */
  first(): JournalEntry<T> | undefined {
    // Seqs grow in insertion order, so the map's first is the oldest.
    return this.pendingEntries.values().next().value;
  }

  get pendingCount(): number {
    return this.pendingEntries.size;
  }

  /** Resolves once the record is on disk (fsynced); appends waiting together share one fsync. */
  async append(payload: T): Promise<JournalEntry<T>> {
    const entry: JournalEntry<T> = { seq: this.nextSeq++, at: new Date().toISOString(), payload };
    // Pending from now on, so that emptying the file never drops a record being written.
    this.pendingEntries.set(entry.seq, entry);
    try {
      await this.write(encodeLine({ s: entry.seq, at: entry.at, p: payload } satisfies Line<T>));
    } catch (err) {
      this.pendingEntries.delete(entry.seq);
      throw err;
    }
    return entry;
  }

  /** Marks a record finished; once nothing is pending the file is emptied. */
  async markDone(seq: number): Promise<void> {
    const entry = this.pendingEntries.get(seq);
    if (!entry) return;
    this.pendingEntries.delete(seq);
    try {
      await this.write(encodeLine({ s: seq, done: true } satisfies Line<T>));
    } catch (err) {
      const all = [...this.pendingEntries.values(), entry].sort((a, b) => a.seq - b.seq);
      this.pendingEntries.clear();
      for (const e of all) this.pendingEntries.set(e.seq, e);
      throw err;
    }
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.handle.close();
  }

  private write(line: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.flushing ??= this.flush().finally(() => (this.flushing = null));
    });
  }

  /** Group commit: everything queued goes out in one write and one fsync. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const data = Buffer.from(batch.map((w) => w.line).join(''), 'utf8');
      try {
        await this.handle.appendFile(data);
        await this.handle.datasync();
        this.size += data.length;
        if (this.queue.length === 0 && this.pendingEntries.size === 0) await this.compact().catch(() => undefined); // kept whole: done lines say it all
        for (const w of batch) w.resolve();
      } catch (err) {
        // A half-written batch must not leave a torn line before the next append.
        await this.handle.truncate(this.size).catch(() => undefined);
        for (const w of batch) w.reject(err as Error);
      }
    }
  }

  private async compact(): Promise<void> {
    await this.handle.truncate(0);
    await this.handle.datasync();
    this.size = 0;
  }
}

const heldSlots = new Set<string>();

/** Is a process with this pid alive (on this machine)? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims a journal file of its own in `dir` for this server: `<name>-<n>.log`, guarded by a lock
 * file holding the owner's pid. A journal whose owner died (a crash, a restarted cluster worker)
 * is taken over by the next server that starts, which replays what it left.
 */
export async function claimJournalFile(dir: string, name: string): Promise<{ file: string; release(): void }> {
  await mkdir(dir, { recursive: true });
  for (let n = 1; ; n++) {
    const file = join(dir, `${name}-${n}.log`);
    const lock = `${file}.lock`;
    if (heldSlots.has(lock)) continue;
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lock, 'utf8'));
      // Servers in this process are in heldSlots; a live other process keeps its own.
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) continue;
      writeFileSync(lock, String(process.pid)); // its owner is gone: take it over
    }
    heldSlots.add(lock);
    return {
      file,
      release: () => {
        heldSlots.delete(lock);
        try {
          unlinkSync(lock);
        } catch {
          // already gone
        }
      },
    };
  }
}
