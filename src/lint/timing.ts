/**
 * Time per phase and per rule, like ESLint's TIMING. Phases may nest (a rule that builds the
 * graph); a nested phase's time is counted once, under the inner phase. Costs nothing when disabled.
 */
export class Timing {
  private readonly totals = new Map<string, number>();
  private readonly childTime: number[] = [];
  private readonly notes: string[] = [];

  constructor(readonly enabled: boolean) {}

  time<T>(phase: string, fn: () => T): T {
    if (!this.enabled) return fn();
    const t0 = performance.now();
    this.childTime.push(0);
    try {
      return fn();
    } finally {
      const elapsed = performance.now() - t0;
      const children = this.childTime.pop()!;
      this.add(phase, elapsed - children);
      if (this.childTime.length) this.childTime[this.childTime.length - 1]! += elapsed;
    }
  }

  add(phase: string, ms: number): void {
    if (!this.enabled) return;
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  get(phase: string): number {
    return this.totals.get(phase) ?? 0;
  }

  /** The totals so far, as plain data (a worker thread sends its own to the main thread). */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.totals);
  }

  /** Adds another timing's totals (worker threads: times are summed over threads, not wall time). */
  merge(totals: Record<string, number>): void {
    for (const [phase, ms] of Object.entries(totals)) this.add(phase, ms);
  }

  /** A line printed under the table (how to read it: phases summed over worker threads…). */
  note(text: string): void {
    if (this.enabled && !this.notes.includes(text)) this.notes.push(text);
  }

  /** A table sorted by time, with each phase's share of the total measured time. */
  table(): string {
    const rows = [...this.totals.entries()].sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((n, [, ms]) => n + ms, 0) || 1;
    const width = Math.max(5, ...rows.map(([p]) => p.length));
    const lines = [`${'Phase'.padEnd(width)} | Time (ms) | Relative`, `${'-'.repeat(width)}-|-----------|---------`];
    for (const [phase, ms] of rows) lines.push(`${phase.padEnd(width)} | ${ms.toFixed(1).padStart(9)} | ${((ms / total) * 100).toFixed(1).padStart(7)}%`);
    lines.push(`${'Total'.padEnd(width)} | ${total.toFixed(1).padStart(9)} |`);
    for (const n of this.notes) lines.push(`Note: ${n}`);
    return lines.join('\n');
  }
}
