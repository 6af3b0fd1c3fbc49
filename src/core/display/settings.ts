/** Display settings of the section viewer (display only: none of them touches the data the network sees). */
import type { SectionColormap } from './colormaps';

/** How traces show when zoomed in: variable density only, wiggles on white, or wiggles over variable density. */
export type WiggleMode = 'off' | 'va' | 'va-on-vd';

export interface DisplaySettings {
  readonly colormap: SectionColormap;
  /** Read the colour map from the other end. */
  readonly reverse: boolean;
  /** Clip at this percentile (0-100) of |displayed amplitude|. */
  readonly clipPercentile: number;
  /** Constant display gain, dB (raises amplitudes against the clip). */
  readonly gainDb: number;
  /** AGC window, ms; 0 = off. */
  readonly agcMs: number;
  /** Vertical exaggeration relative to the fitted view. */
  readonly verticalExaggeration: number;
  readonly wiggle: WiggleMode;
  /** BSR map overlay opacity, 0-1. */
  readonly overlayOpacity: number;
  /** Draw the map's threshold contour. */
  readonly showContour: boolean;
  /** Contour threshold, P(BSR) 0-1. */
  readonly contourThreshold: number;
}

export const DEFAULT_DISPLAY: DisplaySettings = {
  colormap: 'gray',
  reverse: false,
  clipPercentile: 99,
  gainDb: 0,
  agcMs: 0,
  verticalExaggeration: 1,
  wiggle: 'va',
  overlayOpacity: 0.6,
  showContour: true,
  contourThreshold: 0.5,
};

/** Choices of the vertical exaggeration control. */
export const EXAGGERATIONS: readonly number[] = [0.5, 1, 2, 4, 8];
