const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/**
 * Instants written as Date's toISOString writes them (as JSON.stringify writes a Date), for a writer
 * that names many instants in a row, most of them on the same UTC day: the day's part is written once
 * by toISOString itself, and the time of day after it with plain arithmetic, several times cheaper
 * than toISOString's calendar work for every instant. An instant named twice in a row (a turn's lines
 * often fall in one millisecond) is written once.
 */
export class IsoInstants {
  private lastMs = Number.NaN;
  private lastIso = '';
  /** The UTC day last written in: "YYYY-MM-DDT" as toISOString writes it (six digits and a sign outside years 0 to 9999), and the instants it spans. */
  private day = { prefix: '', from: 0, to: 0 };

  of(instant: Date): string {
    const ms = instant.getTime();
    if (ms === this.lastMs) return this.lastIso;
    // An invalid Date throws here, as toISOString does.
    if (!Number.isFinite(ms)) return instant.toISOString();
    this.dayAround(ms);
    let rest = ms - this.day.from;
    const hours = Math.floor(rest / HOUR_MS);
    rest -= hours * HOUR_MS;
    const minutes = Math.floor(rest / MINUTE_MS);
    rest -= minutes * MINUTE_MS;
    const seconds = Math.floor(rest / 1000);
    const millis = rest - seconds * 1000;
    this.lastIso = `${this.day.prefix}${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
    this.lastMs = ms;
    return this.lastIso;
  }

  /** The instant's UTC day as toISOString begins it ("2026-12-03"), named once for all the instants of the day. */
  dayOf(instant: Date): string {
    const ms = instant.getTime();
    if (!Number.isFinite(ms)) return instant.toISOString();
    return this.dayAround(ms).prefix.slice(0, 10);
  }

  /** The UTC day holding `ms`, made the current one when it is not. */
  private dayAround(ms: number): { prefix: string; from: number; to: number } {
    if (!(ms >= this.day.from && ms < this.day.to)) {
      const from = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
      const start = new Date(from).toISOString();
      this.day = { prefix: start.slice(0, start.indexOf('T') + 1), from, to: from + DAY_MS };
    }
    return this.day;
  }
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);
