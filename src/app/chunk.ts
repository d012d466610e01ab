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
      // A failed load (the network was down) may be tried again later.
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
 * React.lazy nothing suspends, so a loaded chunk draws at once and a failed one draws nothing.
 */
export function useChunk<T>(c: Chunk<T>, wanted = true): T | undefined {
  const [module, setModule] = useState(() => c.loaded);
  useEffect(() => {
    if (!wanted || module) return;
    let live = true;
    c.load().then(
      (m) => live && setModule(() => m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [c, wanted, module]);
  return module ?? c.loaded;
}
