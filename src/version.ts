/** Versions recorded in exported files. */
export const APP_VERSION = '0.1.0';
/** Bump when the synthetic generator's output for a given seed changes. */
export const GENERATOR_VERSION = 'spn-gen-2';
