import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { readPageConfig } from './lib/app-config.ts';
import { parseLaunch, takeLaunchParams } from './lib/launch.ts';
import './styles.css';

// First thing, before React or any request: the token leaves the address bar.
const params = takeLaunchParams();
const config = readPageConfig();
const launch = parseLaunch(params, config?.deskDirectorHosts ?? []);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App launch={launch} config={config} />
  </StrictMode>,
);
