import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { boot } from './app/boot.ts';
import { sendFirstReads, startSession } from './app/start-session.ts';
import './styles/base.css';
import './styles/components.css';
import './styles/screens.css';

function start() {
  const started = startSession(boot());
  // The first screen's requests (unless the proxy already wrote their answers into the
  // page) leave now, before React's first render, not after it.
  sendFirstReads(started);

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App started={started} />
    </StrictMode>,
  );
}

// This script runs as soon as it has loaded (vite.config.ts), so its modules are ready while
// the proxy may still be writing the first screen's data at the end of the document: the
// page starts once the document is complete, with that data in it or without.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
