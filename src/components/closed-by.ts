import type { Actor } from '../../common/contract.ts';
import type { DdApp } from '../../common/deskdirector.ts';

/**
 * " by Tess Tech", or for a Portal user " when the ticket was closed": the webhook's actor
 * name ("DeskDirector (status Resolved)") is plumbing only technicians need.
 */
export function closedByWords(closedBy: Actor | null, app: DdApp): string {
  if (!closedBy) return '';
  if (app === 'portal' && closedBy.app === 'webhook') return ' when the ticket was closed';
  // A Portal user closing a question has withdrawn it.
  if (closedBy.app === 'portal') return `, withdrawn by ${closedBy.name}`;
  return ` by ${closedBy.name}`;
}
