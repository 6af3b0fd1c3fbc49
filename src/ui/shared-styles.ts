/** Style rules several elements share; an element lists one first in its `styles` and adds its own after. */
import { css } from 'lit';

/** The SVG plots of the Search view: axes, grid and type sizes. */
export const plotStyles = css`
  :host { display: block; font-size: 12px; color: #3b4754; }
  svg { font-size: 10px; background: #fff; }
  .axis { stroke: #9aa7b8; } .grid { stroke: #eef1f4; }
`;

/** The white card a view's sections are drawn in (declarations only, for a rule's body). */
const card = css`background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 12px 14px; margin-bottom: 14px;`;

/** A top-level view: white card sections with a heading. */
export const viewStyles = css`
  :host { display: block; }
  section { ${card} }
  h2 { font-size: 15px; margin: 0 0 10px; }
`;

/** An element that is itself one card of a view (a section of its own), with a heading. */
export const cardStyles = css`
  :host { display: block; ${card} }
  h2 { font-size: 15px; margin: 0 0 10px; }
`;

/** An element that is one row of controls of the Classify view (line picker, job progress). */
export const controlRowStyles = css`
  :host { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; font: 13px system-ui, sans-serif; }
`;

/** Inputs of the Classify view's controls: number inputs a few digits wide, a job's progress bar. */
export const controlInputStyles = css`
  input[type='number'] { width: 4.5em; }
  progress { width: 180px; }
`;

/** A bordered side panel of the Classify view with rows of controls. */
export const panelStyles = css`
  :host { display: grid; gap: 6px; font: 13px system-ui, sans-serif; border: 1px solid #dde; border-radius: 6px; padding: 8px; }
  .row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
`;

/** Outlined buttons (blue on white) of the Search view's panels; an element adds its own padding. */
export const outlineButtonStyles = css`
  button { border-radius: 6px; border: 1px solid #2b5c99; background: #fff; color: #2b5c99; font: inherit; cursor: pointer; }
  button:disabled { opacity: 0.5; cursor: default; }
`;

/** A form's main actions (Start, Generate): filled blue buttons, `.secondary` ones outlined. */
export const actionButtonStyles = css`
  button { padding: 6px 14px; border-radius: 6px; border: 1px solid #2b5c99; background: #2f6fb8; color: #fff; font: inherit; cursor: pointer; }
  button.secondary { background: #fff; color: #2b5c99; }
  button:disabled { opacity: 0.5; cursor: default; }
`;

/** Tables of numbers: ruled rows, right-aligned but for the first (label) column. */
export const numberTableStyles = css`
  table { border-collapse: collapse; margin: 6px 0 10px; }
  th, td { padding: 3px 8px; border-bottom: 1px solid #eef1f4; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
`;

/** A list of stored things (runs, models), one row each: name, facts, actions, and a delete that asks first. */
export const storedListStyles = css`
  :host { display: block; font-size: 12px; }
  ul { list-style: none; margin: 0 0 10px; padding: 0; }
  li { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 6px 4px; border-bottom: 1px solid #eef1f4; }
  /* A long name wraps inside the card (a 3,400-character name ran off its edge). */
  .name { font-weight: 600; min-width: 0; max-width: 100%; overflow-wrap: anywhere; }
  .confirm { color: #b0161b; overflow-wrap: anywhere; }
  button { padding: 3px 9px; }
  button.danger { border-color: #b0161b; color: #b0161b; }
`;
