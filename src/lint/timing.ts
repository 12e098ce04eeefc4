/** Time per phase and per rule, like ESLint's TIMING. Costs nothing when disabled. */
export class Timing {
  private readonly totals = new Map<string, number>();

  constructor(readonly enabled: boolean) {}

  time<T>(phase: string, fn: () => T): T {
    if (!this.enabled) return fn();
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  add(phase: string, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  /** A table sorted by time, with each phase's share of the total measured time. */
  table(): string {
    const rows = [...this.totals.entries()].sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((n, [, ms]) => n + ms, 0) || 1;
    const width = Math.max(5, ...rows.map(([p]) => p.length));
    const lines = [`${'Phase'.padEnd(width)} | Time (ms) | Relative`, `${'-'.repeat(width)}-|-----------|---------`];
    for (const [phase, ms] of rows) lines.push(`${phase.padEnd(width)} | ${ms.toFixed(1).padStart(9)} | ${((ms / total) * 100).toFixed(1).padStart(7)}%`);
    return lines.join('\n');
  }
}
