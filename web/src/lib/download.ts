/**
 * Files the API serves behind the bearer token (the PIRL export, a plan's PDF): a plain link cannot carry
 * the token, so the file is fetched through the typed client (which adds it), kept as a Blob and handed
 * to the browser from an object URL of this origin (allowed by the Content-Security-Policy).
 */

/** Saves a Blob under a file name (the browser's download). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the URL to the download by now; a minute leaves slow machines room.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens a Blob (a PDF) in a new tab. The tab is opened before the fetch ends (inside the click), so a
 * pop-up blocker lets it through; `open` is that tab, or null when the browser refused it (then a download).
 */
export function showBlob(blob: Blob, fileName: string, open: Window | null): void {
  const url = URL.createObjectURL(blob);
  if (open) open.location.href = url;
  else saveBlob(blob, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
}
