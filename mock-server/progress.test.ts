import { describe, expect, it } from 'vitest';
import { progressReporter } from './progress.js';

function sink(isTTY: boolean): { stream: NodeJS.WritableStream & { isTTY: boolean }; text: () => string } {
  let text = '';
  const stream = { isTTY, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean };
  return { stream, text: () => text };
}

describe('build progress', () => {
  it('When stderr is a TTY, then one bar is redrawn in place and ends with a newline at 100%', () => {
    const s = sink(true);
    const report = progressReporter({ stream: s.stream, label: 'the large corp' });
    for (let i = 0; i <= 200; i++) report(i / 200, i < 100 ? 'members' : 'contacts');
    report(1, 'ready');
    const draws = s.text().split('\r').filter(Boolean);
    // One redraw per whole percent, not per call; the last one is full and closed by a newline.
    expect(draws.length).toBe(101);
    expect(draws[50]).toContain('[###############...............]  50% contacts');
    expect(s.text().endsWith(`[${'#'.repeat(30)}] 100% contacts\n`)).toBe(true);
    expect(s.text().split('\n').length).toBe(2);
  });

  it('When stderr is not a TTY, then a plain line at every tenth and nothing after 100%', () => {
    const s = sink(false);
    const report = progressReporter({ stream: s.stream, label: 'the large corp' });
    for (let i = 0; i <= 100; i++) report(i / 100, 'x');
    report(1, 'again');
    const lines = s.text().trimEnd().split('\n');
    expect(lines).toEqual(Array.from({ length: 11 }, (_, k) => `building the large corp: ${k * 10}% (x)`));
    expect(s.text()).not.toContain('\r');
  });
});
