/**
 * A simulated wall clock for activity that spans weeks: it replaces the global Date (so the
 * server's own `new Date()` and `Date.now()`, running in this process, read the simulated time)
 * and only ever moves forward. Between two `set` calls it runs on with real time, so steps taken
 * one after another keep their order. `restore()` puts the real Date back.
 */
export class SimClock {
  private offset = 0;
  private readonly real = Date;

  private constructor() {}

  /** Installs the clock at `start`. */
  static install(start: Date): SimClock {
    const clock = new SimClock();
    const RealDate = clock.real;
    class SimDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(RealDate.now() + clock.offset);
        else super(...(args as [string | number | Date]));
      }
      static override now(): number {
        return RealDate.now() + clock.offset;
      }
      // Dates made before the clock was installed (or by native code) are still dates.
      static override [Symbol.hasInstance](x: unknown): boolean {
        return x instanceof RealDate;
      }
    }
    globalThis.Date = SimDate as DateConstructor;
    clock.offset = start.getTime() - RealDate.now();
    return clock;
  }

  now(): Date {
    return new this.real(this.real.now() + this.offset);
  }

  /** Moves the clock to `at`, if that is later than now (time never runs back). */
  set(at: Date): void {
    const target = at.getTime() - this.real.now();
    if (target > this.offset) this.offset = target;
  }

  restore(): void {
    globalThis.Date = this.real;
  }
}
