import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * A table that may be wider than the frame: it scrolls sideways inside a focusable,
 * labelled region (so keyboard users can scroll it), with a visible cue when it does.
 */
export function ScrollRegion(props: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  const cueId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure);
    observer?.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);
  return (
    <>
      <div
        ref={ref}
        className={`table-wrap scroll-region${overflows ? ' overflows' : ''}`}
        role="region"
        aria-label={props.label}
        aria-describedby={overflows ? cueId : undefined}
        tabIndex={0}
        data-scroll-region=""
      >
        {props.children}
      </div>
      {overflows ? (
        <p id={cueId} className="scroll-cue muted small">
          <span aria-hidden="true">↔</span> Scroll sideways for more columns
        </p>
      ) : null}
    </>
  );
}
