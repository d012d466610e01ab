import { useState, type RefObject } from 'react';

/**
 * Once the session has ended: the text can still be taken elsewhere. A frame DeskDirector
 * opens may be denied the clipboard, so the fallback selects the question for Ctrl+C.
 */
export function CopyMyText(props: { subject: string; text: string; textArea: RefObject<HTMLTextAreaElement | null> }) {
  const [result, setResult] = useState<'copied' | 'selected' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(`${props.subject}\n\n${props.text}`);
      setResult('copied');
    } catch {
      const area = props.textArea.current;
      area?.focus();
      area?.select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        /* the selection is there to copy by hand */
      }
      setResult(copied ? 'copied' : 'selected');
    }
  }

  return (
    <div className="note note-warn copy-my-text">
      <p>This form is read-only now. What you typed is saved, and comes back when you open this page again from the DeskDirector menu.</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy my text
        </button>
        <span role="status" className="muted">
          {result === 'copied' ? 'Copied.' : result === 'selected' ? 'Your question is selected: press Ctrl+C (⌘C on a Mac) to copy it.' : ''}
        </span>
      </div>
    </div>
  );
}
