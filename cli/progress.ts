/**
 * Progress lines on stderr for work that takes a while: each step that took a second or more
 * says so when it ends (`built and checked 5,000 roles in 3.2 s`), so a large tenant never looks
 * stuck and a small one stays quiet. `--quiet` turns them off.
 */
export class Progress {
  public static silent(): Progress {
    return new Progress(() => undefined);
  }

  /** Steps that take at least this long are reported. */
  public static readonly THRESHOLD_MS = 1000;

  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Runs `work`; reports `label` with its duration when it took THRESHOLD_MS or more. */
  public step<T>(label: string, work: () => T): T {
    const started = this.now();
    const result = work();
    const ms = this.now() - started;
    if (ms >= Progress.THRESHOLD_MS) this.write(`entra-pim: ${label}: ${(ms / 1000).toFixed(1)} s`);
    return result;
  }

  /** A line about long work that reports as it goes (an export's reads). */
  public note(line: string): void {
    this.write(`entra-pim: ${line}`);
  }
}
