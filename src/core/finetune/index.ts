/** Teaching a model an interpreter's line: marks, their CSV, the line fingerprint, patches from marks, fine-tuning. */
export * from './marks';
export * from './marks-csv';
export * from './fingerprint';
export * from './mark-patches';
export * from './score';
export * from './finetune';
export * from './synthetic-check';
export * from './provenance';
export * from './mark-windows';
export * from './run';
export * from './review';
