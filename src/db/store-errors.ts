/** Why the browser's store (IndexedDB) could not be opened, in words that say what to do. */
export function storeOpenError(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  if (typeof indexedDB === 'undefined' || err instanceof TypeError)
    return 'This browser gives the page no storage (IndexedDB is off: a private window or a site setting). Search needs it to keep runs and models; Classify and the Data view work without it.';
  if (err.name === 'VersionError')
    return `This browser’s store was made by a newer version of the app (${err.message}): open the app at that version, or clear this site’s data to start afresh (that deletes its runs and models).`;
  return `The search store (IndexedDB) could not be opened: ${err.name}: ${err.message}`;
}
