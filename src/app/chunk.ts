import { useEffect, useState } from 'react';

/** A lazy chunk, loaded at most once; its module is kept so screens can draw it directly once it is in. */
export interface Chunk<T> {
  readonly loaded: T | undefined;
  load(): Promise<T>;
}

export function chunk<T>(importer: () => Promise<T>): Chunk<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    get loaded() {
      return loaded;
    },
    load() {
      // A failed load is not kept here: the next load() asks the browser again (Chromium
      // answers from its own record of the failure; see useChunk).
      loading ??= importer().then(
        (m) => (loaded = m),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}

/**
 * The chunk's module once it is in, loading it when `wanted`; undefined until then. Unlike
 * React.lazy nothing suspends, so a loaded chunk draws at once. The second value says a load
 * failed: the browser keeps that failure for the page's life (Chromium does not fetch a
 * failed module again), so the screen says so rather than wait forever.
 */
export function useChunk<T>(c: Chunk<T>, wanted = true): [T | undefined, boolean] {
  const [module, setModule] = useState(() => c.loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!wanted || module || failed) return;
    let live = true;
    c.load().then(
      (m) => live && setModule(() => m),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [c, wanted, module, failed]);
  return [module ?? c.loaded, failed];
}
