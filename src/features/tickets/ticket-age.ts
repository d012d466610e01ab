const HOUR_MS = 3_600_000;

/** How long ago a ticket was raised, in the unit a technician triages by. */
export function ticketAge(createdOn: string, now = Date.now()): string {
  const hours = Math.max(0, Math.floor((now - Date.parse(createdOn)) / HOUR_MS));
  if (Number.isNaN(hours)) return '';
  if (hours < 1) return 'Opened less than an hour ago';
  if (hours < 24) return `Opened ${hours} ${hours === 1 ? 'hour' : 'hours'} ago`;
  const days = Math.floor(hours / 24);
  return `Opened ${days} ${days === 1 ? 'day' : 'days'} ago`;
}
