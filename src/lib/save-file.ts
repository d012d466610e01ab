/** Hands a file to the browser's download, as a link the user clicked would. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after a while, not at once, so the download has its URL when it starts.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
