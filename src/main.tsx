import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, sendFirstReads, startSession } from './app/app.tsx';
import { boot } from './app/boot.ts';
import './styles.css';

const { launch, config } = boot();
// The first screen's requests leave now, before React's first render, not after it.
const started = launch.ok && config ? startSession(launch.launch, config) : null;
if (started) sendFirstReads(started);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App launch={launch} config={config} started={started} />
  </StrictMode>,
);
