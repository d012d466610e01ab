import { type Escalation, type EscalationState, escalationStates } from '../../../common/contract.ts';

// Figures the report draws from the rows it was sent (the newest 200 at most): pure, so
// the chart, the breakdowns and their tests read the same numbers.

const DAY_MS = 86_400_000;

/** Monday 00:00 UTC of the week `iso` falls in, as YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday).toISOString().slice(0, 10);
}

export interface WeekCounts {
  /** Monday, YYYY-MM-DD. */
  week: string;
  counts: Record<EscalationState, number>;
  total: number;
}

const zeroCounts = () => Object.fromEntries(escalationStates.map((s) => [s, 0])) as Record<EscalationState, number>;

/** Every week from the first row's to the last row's (empty weeks included), newest `maxWeeks` at most, oldest first. */
export function perWeek(rows: readonly Escalation[], maxWeeks = 12): WeekCounts[] {
  if (rows.length === 0) return [];
  const byWeek = new Map<string, WeekCounts>();
  for (const e of rows) {
    const week = weekOf(e.createdAt);
    const w = byWeek.get(week) ?? { week, counts: zeroCounts(), total: 0 };
    w.counts[e.state] += 1;
    w.total += 1;
    byWeek.set(week, w);
  }
  const weeks = [...byWeek.keys()].sort();
  const out: WeekCounts[] = [];
  for (let t = Date.parse(weeks.at(-1)!); out.length < maxWeeks && t >= Date.parse(weeks[0]!); t -= 7 * DAY_MS) {
    const week = new Date(t).toISOString().slice(0, 10);
    out.push(byWeek.get(week) ?? { week, counts: zeroCounts(), total: 0 });
  }
  return out.reverse();
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const secondsToClose = (e: Escalation): number | null => (e.closedAt ? (Date.parse(e.closedAt) - Date.parse(e.createdAt)) / 1000 : null);

export interface Breakdown {
  name: string;
  total: number;
  closed: number;
  failed: number;
  medianSecondsToClose: number | null;
}

/** Rows grouped by `keyOf` (rows it returns null for are left out), largest group first. */
export function breakdown(rows: readonly Escalation[], keyOf: (e: Escalation) => string | null): Breakdown[] {
  const groups = new Map<string, Escalation[]>();
  for (const e of rows) {
    const key = keyOf(e);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups]
    .map(([name, es]) => ({
      name,
      total: es.length,
      closed: es.filter((e) => e.state === 'closed').length,
      failed: es.filter((e) => e.state === 'failed').length,
      medianSecondsToClose: median(es.map(secondsToClose).filter((s) => s !== null)),
    }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

export const byCompany = (rows: readonly Escalation[]) => breakdown(rows, (e) => e.companyName ?? 'No company');
/** Technicians only: a Portal user asking for themselves is not a technician's escalation. */
export const byTechnician = (rows: readonly Escalation[]) => breakdown(rows, (e) => (e.escalatedBy.app === 'tech' ? e.escalatedBy.name : null));

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}
