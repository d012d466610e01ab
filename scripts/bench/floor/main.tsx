// The performance floor (scripts/bench/, test/server/bundle-budget.test.ts): a bare
// page built by the same Vite config on the libraries the app is built on (react,
// react-dom, @tanstack/react-query, ky), each used once so the build keeps what a page
// needs of it, rendering one line at once.
import { QueryClient, QueryClientProvider, useMutation, useQuery } from '@tanstack/react-query';
import ky from 'ky';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const api = ky.create({ baseUrl: new URL('/api/', document.baseURI).href, timeout: 30_000, retry: 0 });
const client = new QueryClient();

function Line() {
  // Never run: the line does not wait for the network.
  useQuery({ queryKey: ['floor'], queryFn: ({ signal }) => api.get('floor', { signal }).json(), enabled: false });
  useMutation({ mutationFn: () => api.post('floor').json() });
  return <p id="floor">Ask an expert</p>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <Line />
    </QueryClientProvider>
  </StrictMode>,
);
