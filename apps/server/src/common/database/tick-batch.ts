/**
 * Gathers the calls made in one turn of the event loop and serves them with one call of `run`
 * (one statement for many keys instead of one each). `run` answers per key; a key it leaves out
 * gets undefined. If `run` fails, every call of its batch fails with it.
 */
export class TickBatch<K, V> {
  private waiting = new Map<K, Array<{ resolve: (v: V | undefined) => void; reject: (err: unknown) => void }>>();

  constructor(private readonly run: (keys: K[]) => Promise<Map<K, V>>) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) setImmediate(() => void this.flush());
      const callers = this.waiting.get(key);
      if (callers) callers.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    try {
      const answers = await this.run([...batch.keys()]);
      for (const [key, callers] of batch) for (const c of callers) c.resolve(answers.get(key));
    } catch (err) {
      for (const callers of batch.values()) for (const c of callers) c.reject(err);
    }
  }
}
