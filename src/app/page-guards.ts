/**
 * Page-wide guards against losing work by accident:
 * - a file dropped outside a drop zone does nothing (the browser would navigate away to show it, and the tab's
 *   open line, map and running search would be gone);
 * - while work a reload would lose is running (a search, a classification, a fine-tuning), closing or reloading the tab asks
 *   first (beforeunload). A search survives a reload (it resumes from IndexedDB) but its candidate in flight is
 *   retrained, and a classification is lost, so both hold the page while they run.
 */

const holds = new Map<number, string>();
let nextHold = 0;

/** Marks `what` as running until the returned release is called (idempotent). */
export function holdPage(what: string): () => void {
  const id = nextHold++;
  holds.set(id, what);
  return () => void holds.delete(id);
}

/** What holds the page now (empty: leaving asks nothing). */
export function pageHolds(): string[] {
  return [...holds.values()];
}

/** Installs both guards on `win`; returns their removal. */
export function installPageGuards(win: Window = window): () => void {
  // Drop zones call preventDefault in their own handlers first; anywhere else the drag is refused ('none').
  const dragOver = (e: DragEvent): void => {
    if (e.defaultPrevented) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
  };
  const drop = (e: DragEvent): void => e.preventDefault();
  const beforeUnload = (e: BeforeUnloadEvent): void => {
    if (holds.size === 0) return;
    e.preventDefault();
    e.returnValue = ''; // older Chromium shows the prompt only when returnValue is set
  };
  win.addEventListener('dragover', dragOver);
  win.addEventListener('drop', drop);
  win.addEventListener('beforeunload', beforeUnload);
  return () => {
    win.removeEventListener('dragover', dragOver);
    win.removeEventListener('drop', drop);
    win.removeEventListener('beforeunload', beforeUnload);
  };
}
