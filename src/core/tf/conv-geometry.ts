/**
 * Shared geometry for the convolution-gradient kernels: resolves a forward convolution's
 * padding and strides (TF 'SAME'/'VALID'/explicit) once, and rejects what the fast paths
 * cannot express with a typed error instead of computing wrong numbers.
 */
import { backend_util } from '@tensorflow/tfjs';
import type { DataType } from '@tensorflow/tfjs';

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;

/** A gradient kernel was given a layout, dtype or padding it does not implement. */
export class UnsupportedKernelShapeError extends Error {
  override name = 'UnsupportedKernelShapeError';
  constructor(kernelName: string, detail: string, shapes: Record<string, readonly number[]>) {
    const shapeText = Object.entries(shapes)
      .map(([k, s]) => `${k}=[${s.join(',')}]`)
      .join(' ');
    super(`${kernelName} (wasm training kernels): ${detail}; ${shapeText}`);
  }
}

/** Forward-convolution geometry in NHWC, all sizes in elements (rows, columns, channels). */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  /** Rows/columns of implicit zeros before the first input row/column. */
  padTop: number;
  padLeft: number;
}

/** Resolves the forward conv that produced `dy`; throws for NCHW, dilation or non-float32 data. */
export function convGeometry(
  kernelName: string,
  xShape: readonly number[],
  filterShape: readonly number[],
  dyShape: readonly number[],
  attrs: {
    strides: [number, number] | number;
    pad: Pad;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  },
  dtypes: readonly DataType[],
): ConvGeometry {
  const shapes = { x: xShape, filter: filterShape, dy: dyShape };
  if (attrs.dataFormat !== 'NHWC') {
    throw new UnsupportedKernelShapeError(kernelName, `dataFormat '${attrs.dataFormat}' (only NHWC)`, shapes);
  }
  if (dtypes.some((d) => d !== 'float32')) {
    throw new UnsupportedKernelShapeError(kernelName, `dtypes ${dtypes.join(',')} (only float32)`, shapes);
  }
  if (xShape.length !== 4 || filterShape.length !== 4 || dyShape.length !== 4) {
    throw new UnsupportedKernelShapeError(kernelName, 'expected rank-4 x, filter and dy', shapes);
  }
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const expectedDy = info.outShape;
  if (expectedDy.some((v, i) => v !== dyShape[i])) {
    throw new UnsupportedKernelShapeError(
      kernelName,
      `dy does not match the forward output [${expectedDy.join(',')}]`,
      shapes,
    );
  }
  return geometryFromInfo(info);
}

/** The geometry of tfjs' resolved conv info (channels-last, no dilation). */
export function geometryFromInfo(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** A pool's attributes as tfjs' MaxPool, AvgPool and their gradient kernels take them. */
interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * The resolved pool over the rank-4 NHWC `inputShape`; with `dyShape` (a gradient kernel's dy) throws unless dy
 * has the pooled shape.
 */
export function poolInfo(
  kernelName: string,
  inputShape: readonly number[],
  attrs: PoolAttrs,
  dyShape?: readonly number[],
): backend_util.Conv2DInfo {
  const info = backend_util.computePool2DInfo(
    inputShape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  if (dyShape !== undefined && info.outShape.some((v, i) => v !== dyShape[i])) {
    throw new UnsupportedKernelShapeError(
      kernelName,
      `dy does not match the pooled shape [${info.outShape.join(',')}]`,
      {
        input: inputShape,
        dy: dyShape,
      },
    );
  }
  return info;
}
