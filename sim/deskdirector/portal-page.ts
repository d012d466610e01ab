// The simulated portal: a menu with our Extension item, a user switcher, and the
// iframe with the sandbox flags DeskDirector's Extension presets give.
export const EXTENSION_SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function portalPage(p: {
  users: Array<{ key: string; label: string }>;
  current: string;
  lifetime: number;
  launchUrl: string;
  mode: 'iframe' | 'link';
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
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulated DeskDirector portal</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; display: grid; grid-template-columns: 220px 1fr; grid-template-rows: auto 1fr; height: 100vh; background: #f3f4f6; color: #1f2937; }
  header { grid-column: 1 / 3; display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #1e3a5f; color: #fff; flex-wrap: wrap; }
  header form { display: flex; gap: .5rem; align-items: center; margin-left: auto; flex-wrap: wrap; }
  nav { background: #fff; border-right: 1px solid #e5e7eb; padding: 1rem 0; }
  nav a { display: block; padding: .5rem 1rem; color: inherit; text-decoration: none; }
  nav a[aria-current] { background: #e0ecff; font-weight: 600; }
  main { display: flex; min-height: 0; }
  iframe { flex: 1; border: 0; background: #fff; }
  .link-mode { padding: 2rem; }
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
<nav aria-label="Portal menu"><a href="#">My tickets</a><a href="#">Knowledge base</a><a href="#" aria-current="page">Ask an expert</a></nav>
<main>${main}</main>
</body></html>`;
}
