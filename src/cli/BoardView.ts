import type { SystemStatus } from '../control/messages.js';
import { ANSI } from './ansi.js';
import type { CliStream } from './CliIo.js';
import { formatLocalTime } from './formatCalls.js';
import { TICK_MS } from './lampCell.js';
import { renderBoard } from './renderBoard.js';

const STEPS_PER_CYCLE = 8;

/**
 * Draws the lamp board of `keyline watch`. On a terminal: cursor hidden, redrawn in place on every
 * change and every 250 ms so lamps blink, all in phase with the wall clock. Elsewhere (a pipe, a
 * log): the board printed again after each burst of changes, blinking lamps marked `(~)`.
 * `stop()` MUST be called: it ends the ticking and gives the cursor back.
 */
export class BoardView {
  private status: SystemStatus | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private pending: ReturnType<typeof setImmediate> | null = null;
  private stopped = false;

  constructor(
    private readonly out: CliStream,
    private readonly title: string,
    private readonly now: () => number = Date.now,
  ) {}

  show(status: SystemStatus): void {
    if (this.stopped) return;
    const first = this.status === null;
    this.status = status;
    if (first && this.out.isTTY === true) {
      this.out.write(ANSI.hideCursor + ANSI.clearScreen + ANSI.home);
      this.ticker = setInterval(() => this.draw(), TICK_MS);
    }
    this.pending ??= setImmediate(() => {
      this.pending = null;
      this.draw();
    });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.ticker !== null) clearInterval(this.ticker);
    if (this.pending !== null) clearImmediate(this.pending);
    this.ticker = null;
    this.pending = null;
    if (this.out.isTTY === true && this.status !== null) this.out.write(`${ANSI.reset}${ANSI.showCursor}\n`);
  }

  private draw(): void {
    if (this.status === null) return;
    const now = this.now();
    const tty = this.out.isTTY === true;
    const lines = renderBoard(this.status, {
      tty,
      step: Math.floor(now / TICK_MS) % STEPS_PER_CYCLE,
      title: `${this.title}  ${formatLocalTime(new Date(now).toISOString())}`,
    });
    // A terminal of unknown size reports 0 rows.
    const fit = this.out.rows !== undefined && this.out.rows > 2 ? lines.slice(0, this.out.rows - 1) : lines;
    if (tty) this.out.write(ANSI.home + fit.map((line) => line + ANSI.clearLine).join('\n') + ANSI.clearBelow);
    else this.out.write(`${lines.join('\n')}\n\n`);
  }
}
