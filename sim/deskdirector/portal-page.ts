// The simulated portal: a menu with our Extension item, a user switcher, and the
// iframe with the sandbox flags DeskDirector's Extension presets give.
export const EXTENSION_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function portalPage(p: {
  users: Array<{ key: string; label: string }>;
  current: string;
  lifetime: number;
  launchUrl: string;
  mode: 'iframe' | 'link';
  /** For technicians: the tool that sets a ticket's status (and fires the webhook). */
  tech?: {
    tickets: Array<{ id: number; summary: string; status: string }>;
    statuses: string[];
    notice: string | null;
    /** The latest notes written on tickets through the API (by the proxy's outbox). */
    notes: Array<{ ticketId: number; text: string; createdOn: string }>;
  } | null;
}): string {
  const options = p.users.map((u) => `<option value="${esc(u.key)}"${u.key === p.current ? ' selected' : ''}>${esc(u.label)}</option>`).join('');
  const lifetimes = [
    [3600, '60 minutes (normal)'],
    [120, '2 minutes (to see expiry)'],
  ]
    .map(([v, l]) => `<option value="${v}"${v === p.lifetime ? ' selected' : ''}>${l}</option>`)
    .join('');
  const main =
    p.mode === 'iframe'
      ? `<iframe title="Ask an expert" src="${esc(p.launchUrl)}" sandbox="${EXTENSION_SANDBOX}"></iframe>`
      : `<p class="link-mode">External Link menu item: <a href="${esc(p.launchUrl)}" target="_blank" rel="noopener">open Ask an expert in a new tab</a></p>`;
  const tools = p.tech
    ? `<form class="sim-tools" method="post" action="/sim/ticket-status" aria-label="Set ticket status">
  <h2>Set ticket status</h2>
  <input type="hidden" name="as" value="${esc(p.current)}"><input type="hidden" name="lifetime" value="${p.lifetime}"><input type="hidden" name="mode" value="${p.mode}">
  <label>Ticket <select name="ticketId">${p.tech.tickets.map((t) => `<option value="${t.id}">#${t.id} ${esc(t.summary.slice(0, 40))} (${esc(t.status)})</option>`).join('')}</select></label>
  <label>Status <select name="status">${p.tech.statuses.map((s) => `<option${s === 'Closed' ? ' selected' : ''}>${esc(s)}</option>`).join('')}</select></label>
  <button type="submit">Set ticket status</button>
  ${p.tech.notice ? `<p role="status">${esc(p.tech.notice)}</p>` : ''}
</form>
<section class="sim-tools" aria-label="Ticket notes">
  <h2>Latest ticket notes</h2>
  ${p.tech.notes.length ? `<ul>${p.tech.notes.map((n) => `<li><strong>#${n.ticketId}</strong> ${esc(n.text).replace(/\n/g, '<br>')}</li>`).join('')}</ul>` : '<p>None yet.</p>'}
</section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulated DeskDirector portal</title><link rel="icon" href="data:,">
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; display: grid; grid-template-columns: 220px 1fr; grid-template-rows: auto 1fr; height: 100vh; background: #f3f4f6; color: #1f2937; }
  header { grid-column: 1 / 3; display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #1e3a5f; color: #fff; flex-wrap: wrap; }
  header form { display: flex; gap: .5rem; align-items: center; margin-left: auto; flex-wrap: wrap; }
  nav { background: #fff; border-right: 1px solid #e5e7eb; padding: 1rem 0; }
  /* On a phone-sized window the portal hides its menu, leaving the frame the full width. */
  @media (max-width: 640px) { body { grid-template-columns: 1fr; } body > nav { display: none; } }
  nav a { display: block; padding: .5rem 1rem; color: inherit; text-decoration: none; }
  nav a[aria-current] { background: #e0ecff; font-weight: 600; }
  main { display: flex; min-height: 0; }
  iframe { flex: 1; border: 0; background: #fff; }
  .link-mode { padding: 2rem; }
  .sim-tools { margin: 1.5rem .75rem 0; padding-top: 1rem; border-top: 1px solid #e5e7eb; display: grid; gap: .5rem; }
  .sim-tools h2 { font-size: 13px; margin: 0; }
  .sim-tools > * { min-width: 0; }
  .sim-tools label { display: grid; gap: .2rem; font-size: 12px; }
  .sim-tools select, .sim-tools button { width: 100%; min-width: 0; box-sizing: border-box; }
  .sim-tools [role=status] { font-size: 12px; background: #ecfdf5; padding: .4rem; margin: 0; }
  .sim-tools ul { margin: 0; padding-left: 1rem; font-size: 12px; overflow-wrap: anywhere; }
  .sim-tools p { font-size: 12px; margin: 0; }
</style></head>
<body>
<header><strong>Simulated DeskDirector</strong>
  <form method="get" action="/">
    <label>Signed in as <select name="as">${options}</select></label>
    <label>Token lifetime <select name="lifetime">${lifetimes}</select></label>
    <label>Menu item <select name="mode"><option value="iframe"${p.mode === 'iframe' ? ' selected' : ''}>Extension (iframe)</option><option value="link"${p.mode === 'link' ? ' selected' : ''}>External Link</option></select></label>
    <button type="submit">Open</button>
  </form>
</header>
<nav aria-label="Portal menu"><a href="#">My tickets</a><a href="#">Knowledge base</a><a href="#" aria-current="page">Ask an expert</a>${tools}</nav>
<main>${main}</main>
</body></html>`;
}
