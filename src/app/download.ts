/** The one way the app hands the user a file: a temporary object URL clicked as a download link. */

/** Saves bytes as a download; controllers hold one as a replaceable field (tests record instead of downloading). */
export type Downloader = (fileName: string, data: BlobPart, type: string) => void;

export const browserDownload: Downloader = (fileName, data, type) => {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  a.click();
  // Revoked later, not now: the browser may still be reading the URL when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
