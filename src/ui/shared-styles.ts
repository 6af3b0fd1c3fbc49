/** Style rules several elements share; an element lists one first in its `styles` and adds its own after. */
import { css } from 'lit';

/** The SVG plots of the Search view: axes, grid and type sizes. */
export const plotStyles = css`
  :host { display: block; font-size: 12px; color: #3b4754; }
  svg { font-size: 10px; background: #fff; }
  .axis { stroke: #9aa7b8; } .grid { stroke: #eef1f4; }
`;

/** A top-level view: white card sections with a heading. */
export const viewStyles = css`
  :host { display: block; }
  section { background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 12px 14px; margin-bottom: 14px; }
  h2 { font-size: 15px; margin: 0 0 10px; }
`;

/** A bordered side panel of the Classify view with rows of controls. */
export const panelStyles = css`
  :host { display: grid; gap: 6px; font: 13px system-ui, sans-serif; border: 1px solid #dde; border-radius: 6px; padding: 8px; }
  .row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
`;
