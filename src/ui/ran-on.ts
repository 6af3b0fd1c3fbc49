/** How a worker's run line names where it ran: "on wasm, 2 threads", "on webgpu" (the classify and fine-tune results). */
export function ranOn(backend: string, threads: number | null): string {
  return `on ${backend}${threads === null ? '' : `, ${threads} thread${threads === 1 ? '' : 's'}`}`;
}
