/** A one-line progress bar on stderr: `[██████░░░░] 60% 60k/100k steps · return 312 · 41k steps/s`. */

export interface ProgressLine {
  update(done: number, fields?: Record<string, string | number>): void;
  finish(): void;
}

export function progressLine(total: number, unit: string, write: (s: string) => void = (s) => process.stderr.write(s)): ProgressLine {
  const tty = Boolean(process.stderr.isTTY);
  const start = performance.now();
  let lastPrint = 0;
  const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : String(Math.round(n)));
  return {
    update(done, fields = {}) {
      const now = performance.now();
      if (!tty && now - lastPrint < 2000 && done < total) return;
      lastPrint = now;
      const frac = Math.min(1, done / total);
      const width = 20;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const rate = done / Math.max(1e-9, (now - start) / 1000);
      const extra = Object.entries(fields).map(([k, v]) => `${k} ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(1)) : v}`);
      const text = `[${bar}] ${Math.round(frac * 100)}% ${fmt(done)}/${fmt(total)} ${unit} · ${[...extra, `${fmt(rate)} ${unit}/s`].join(' · ')}`;
      write(tty ? `\r${text}\x1b[K` : `${text}\n`);
    },
    finish() {
      if (tty) write('\n');
    },
  };
}
