/** An integer flag's value within bounds: a typo must not turn into an hour-long run. */
export function boundedInt(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** Walks `--flag value` and `--flag=value` arguments; `value()` takes the flag's value (the next argument unless inline). */
export function eachFlag(argv: readonly string[], on: (flag: string, value: () => string | undefined, arg: string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split('=', 2);
    on(flag, () => inline ?? argv[++i], arg);
  }
}
