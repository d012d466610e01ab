// The screens the first screen goes without, in one chunk (see deferred.tsx): a ticket, and
// the launch feature's screens. One chunk rather than two: with a second, Rolldown split
// the first screen's own modules into a shared chunk of their own, costing more than it saved.
import '../styles/later.css';

export { TicketScreen } from './ticket-screen.tsx';
export { LaunchError, SessionEnded, SessionWarning } from '../features/launch/launch-screens.tsx';
export { TabView } from './tab-views.tsx';
export { readRefusal } from '../lib/proxy-refusal.ts';
