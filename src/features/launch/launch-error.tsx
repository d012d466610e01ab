import { useEffect, useRef } from 'react';
import type { LaunchProblem } from '../../lib/launch.ts';
import { durationInWords } from './durations.ts';

const REOPEN = 'Open this page again from the DeskDirector menu.';

const screens: Record<LaunchProblem | 'not-configured', { title: string; body: string; admin?: string }> = {
  'no-token': {
    title: 'Open this page from DeskDirector',
    body: `This page works inside DeskDirector and needs the sign-in it passes along. ${REOPEN} If you were writing a question, it is saved and will be there when you return.`,
    admin: 'Administrators: turn on the "Access Token" query parameter for this menu item.',
  },
  'malformed-token': {
    title: 'The sign-in from DeskDirector is not readable',
    body: `DeskDirector passed an access token this page cannot read. ${REOPEN}`,
    admin: 'Administrators: check that the menu item URL does not already contain an access_token parameter.',
  },
  'host-not-allowed': {
    title: 'This DeskDirector instance is not set up for expert help',
    body: 'The page was opened from a DeskDirector address it does not serve. Ask your IT provider to add it.',
    admin: 'Administrators: add this instance URL to DESKDIRECTOR_HOSTS in the proxy configuration.',
  },
  expired: {
    title: 'Your DeskDirector session has ended',
    body: `For your security, the sign-in DeskDirector gives this page lasts a limited time. ${REOPEN} Anything you typed is saved and will be there when you return.`,
  },
  'bad-ticket': {
    title: 'This link does not name a ticket',
    body: 'The link that opened this page asks for a ticket, but not by its number, so no ticket can be opened. Open the page from the menu to choose one.',
    admin: 'Administrators: the menu item or tab URL must end with ticket= followed by the ticket number (for example DeskDirector’s ticket id token).',
  },
  'not-configured': {
    title: 'This page is not configured',
    body: 'The page was not served by its proxy, so it does not know which DeskDirector instances to trust.',
    admin: 'Administrators: serve the app through the proxy (npm run serve, which runs server/main.ts) rather than as static files.',
  },
};

/** The sign-in's real lifetime, when the token says it, replaces "a limited time". */
export function LaunchError(props: { problem: LaunchProblem | 'not-configured'; lifetimeMs?: number | null }) {
  const screen = screens[props.problem];
  const body = props.lifetimeMs ? screen.body.replace('lasts a limited time', `lasts ${durationInWords(props.lifetimeMs)}`) : screen.body;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.problem]);
  return (
    <main className="launch-error" data-problem={props.problem}>
      <h1 ref={heading} tabIndex={-1}>
        {screen.title}
      </h1>
      <p>{body}</p>
      {screen.admin ? <p className="muted">{screen.admin}</p> : null}
    </main>
  );
}
