import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { PAGE_CONFIG_META } from '../../common/contract.ts';

// On a loaded two-core CI box a screen can take longer than Testing Library's default
// 1 s for findBy/waitFor to appear.
configure({ asyncUtilTimeout: 3000 });

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  document.head.querySelectorAll(`meta[name="${PAGE_CONFIG_META}"]`).forEach((m) => m.remove());
  window.history.replaceState(null, '', '/');
});
