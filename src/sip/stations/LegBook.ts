import type { Leg } from './Leg.js';

/**
 * Every live leg, by station. The lookups encode which leg an effect of the core means: a
 * decision (connect, refuse) goes to the newest pending leg, an ending to a confirmed one — so
 * that "the line key on a held line: new leg, held leg ended" (S20) ends the old and answers the new.
 */
export class LegBook {
  private readonly byStation = new Map<string, Leg[]>();
  private seq = 0;

  nextId(station: string): string {
    return `${station}#${++this.seq}`;
  }

  add(leg: Leg): void {
    const list = this.byStation.get(leg.station) ?? [];
    list.push(leg);
    this.byStation.set(leg.station, list);
  }

  remove(leg: Leg): void {
    const list = (this.byStation.get(leg.station) ?? []).filter((l) => l !== leg);
    if (list.length > 0) this.byStation.set(leg.station, list);
    else this.byStation.delete(leg.station);
  }

  /** The newest pending leg of the station for this line (or still without a line). */
  pending(station: string, line: string | null): Leg | undefined {
    const list = this.byStation.get(station) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const l = list[i];
      if (l && l.state === 'pending' && (l.line === null || line === null || l.line === line)) return l;
    }
    return undefined;
  }

  confirmed(station: string, line: string): Leg[] {
    return (this.byStation.get(station) ?? []).filter((l) => l.state === 'confirmed' && l.line === line);
  }

  all(): Leg[] {
    return [...this.byStation.values()].flat();
  }
}
