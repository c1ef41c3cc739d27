/**
 * The command's progress display while the demo corp is built (the large scenario takes seconds): a bar
 * redrawn in place on a TTY, otherwise a line at every tenth (logs and CI output stay readable).
 */
export interface ProgressOptions {
  /** Where it is drawn (default stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** What is being built, e.g. `the large corp`. */
  label: string;
}

const WIDTH = 30;

/** A progress callback (fraction 0..1, stage) for createApp's onBuildProgress. */
export function progressReporter(options: ProgressOptions): (fraction: number, stage: string) => void {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let lastDrawn = -1;
  let finished = false;
  return (fraction, stage) => {
    if (finished) return;
    const f = Math.min(1, Math.max(0, fraction));
    const pct = Math.floor(f * 100);
    if (tty) {
      if (pct === lastDrawn && f < 1) return;
      lastDrawn = pct;
      const filled = Math.round(f * WIDTH);
      // \r + erase line: the bar is redrawn in place.
      stream.write(`\r\x1b[2K  building ${options.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(pct).padStart(3)}% ${stage}`);
      if (f >= 1) stream.write('\n');
    } else {
      const tenth = Math.floor(f * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`building ${options.label}: ${tenth * 10}% (${stage})\n`);
    }
    if (f >= 1) finished = true;
  };
}
