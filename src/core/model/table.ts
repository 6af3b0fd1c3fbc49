/**
 * A per-layer table of a spec for the UI ("what is this candidate?"), computed from the spec
 * without tfjs. Rows follow the built model's layers and carry the same names.
 */
import { INPUT_SIZE, describeLayers } from './graph';
import type { LayerKind } from './graph';
import type { Activation, CandidateSpec } from './spec';

/** One row of {@link layerTable}. */
export interface LayerRow {
  /** Layer name, equal to the built model's layer name (e.g. 'p3_c1_kx1'). */
  layer: string;
  kind: LayerKind;
  /** Window as "h x w" (e.g. '7x7', '3x1') for convs and pools; '' otherwise. */
  kernel: string;
  stride: number;
  /** Output channels (or units). */
  width: number;
  /** Per-sample output shape, [h, w, c] or [c]. */
  outputShape: number[];
  activation: Activation;
  /** Trainable parameters. */
  params: number;
  /** Multiply-adds per patch. */
  macs: number;
}

const WINDOWED: readonly LayerKind[] = ['conv', 'maxpool', 'minpool', 'avgpool'];

/** Table rows for every layer of `spec` at the given patch edge (default 112). */
export function layerTable(spec: CandidateSpec, inputSize = INPUT_SIZE): LayerRow[] {
  return describeLayers(spec, inputSize).map((n) => ({
    layer: n.name,
    kind: n.kind,
    kernel: WINDOWED.includes(n.kind) ? `${n.kernel[0]}x${n.kernel[1]}` : '',
    stride: n.stride,
    width: n.outputShape[n.outputShape.length - 1] as number,
    outputShape: [...n.outputShape],
    activation: n.activation,
    params: n.params,
    macs: n.macs,
  }));
}
