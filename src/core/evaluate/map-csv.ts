/**
 * Reading a probability-map CSV (`trace,time_ms,probability` or `trace,sample,probability`, as the
 * classify CLI writes it; header optional, then the columns are trace,time_ms,probability) into
 * map rows. Unlike score_map.py, which skips rows it cannot parse, a bad row is an error naming
 * the file and line: a silently shortened map would score as something it is not.
 */
import type { MapRow } from './map-score';
import { csvRows } from './csv-rows';
import { EvaluateError } from './truth';

/** Parses a map CSV; `name` appears in messages. */
export function parseMapCsv(text: string, name = 'map CSV'): MapRow[] {
  const rows: MapRow[] = [];
  let unit: 'time_ms' | 'sample' | null = null;
  for (const { quoted, cells, at } of csvRows(text, name)) {
    const nums = cells.map((c) => (c === '' ? NaN : Number(c)));
    if (unit === null && rows.length === 0 && nums.some((v) => Number.isNaN(v))) {
      const h = cells.map((c) => c.toLowerCase()).join(',');
      if (h !== 'trace,time_ms,probability' && h !== 'trace,sample,probability') {
        throw new EvaluateError(
          `${at}: header must be "trace,time_ms,probability" or "trace,sample,probability", got ${quoted}`,
        );
      }
      unit = h.includes('time_ms') ? 'time_ms' : 'sample';
      continue;
    }
    unit ??= 'time_ms';
    if (cells.length !== 3 || !nums.every(Number.isFinite))
      throw new EvaluateError(`${at}: expected three numbers "trace,${unit},probability", got ${quoted}`);
    const [trace, depth, probability] = nums as [number, number, number];
    if (probability < 0 || probability > 1)
      throw new EvaluateError(`${at}: probability ${probability} is outside 0..1`);
    rows.push(unit === 'time_ms' ? { trace, timeMs: depth, probability } : { trace, sample: depth, probability });
  }
  return rows;
}
