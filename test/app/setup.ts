import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  document.head.querySelectorAll('meta[name="dd-directly-config"]').forEach((m) => m.remove());
  window.history.replaceState(null, '', '/');
});
