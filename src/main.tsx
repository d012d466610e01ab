import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { boot } from './app/boot.ts';
import './styles.css';

const { launch, config } = boot();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App launch={launch} config={config} />
  </StrictMode>,
);
