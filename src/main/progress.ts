// A one-line progress bar on stderr for long command-line work. On a terminal it redraws in place;
// elsewhere (CI logs, pipes) it prints a plain line at most every 2 seconds.
export interface ProgressBar {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total, label) {
      const now = Date.now();
      if (now - lastDraw < (tty ? 100 : 2000) && done < total) return;
      lastDraw = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const width = 30;
      const filled = Math.round(ratio * width);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${label}`;
      if (tty) {
        stream.write(`\r${line}\x1b[K`);
        drawn = true;
      } else stream.write(line + '\n');
    },
    finish() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
