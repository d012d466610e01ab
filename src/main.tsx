import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, sendFirstReads, startSession } from './app/app.tsx';
import { boot } from './app/boot.ts';
import './styles.css';

const { launch, config, firstScreen } = boot();
// The first screen's requests (unless the proxy already wrote their answers into the
// page) leave now, before React's first render, not after it.
const started = launch.ok && config ? startSession(launch.launch, config, firstScreen) : null;
if (started) sendFirstReads(started);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App launch={launch} config={config} started={started} />
  </StrictMode>,
);
