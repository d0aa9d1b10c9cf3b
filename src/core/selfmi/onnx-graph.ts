/**
 * Builds the Self-MI inference graph as an ONNX ModelProto with our own code (onnx-proto's
 * protobuf schema; no converter). Opset 13: Sub, Div, Gemm, Relu, Mul, Concat, Clip.
 * Inputs are raw features; normalisation is inside the graph, so the file is self-contained.
 * Initializer names are the network's parameter names, which is how warm starts read weights back.
 */
// onnx-proto is CommonJS: a named ESM import fails at run time, the default import works.
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;
import { HEADS, MODALITIES, type SelfMiConfig } from './config';
import { paramSpecs, subnetLayers } from './network';
import type { SelfMiModel } from './types';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const OPSET = 13;
export const SCORE_OUTPUT = 'scores';

function tensor(name: string, dims: number[], values: Float32Array): Onnx.ITensorProto {
  const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  return { name, dims, dataType: FLOAT, rawData: bytes };
}

function valueInfo(name: string, cols: number): Onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: cols }] } } } };
}

export function buildOnnx(model: SelfMiModel, producerVersion: string): Uint8Array {
  const cfg: SelfMiConfig = model.config;
  const nodes: Onnx.INodeProto[] = [];
  const inits: Onnx.ITensorProto[] = [];
  let k = 0;
  const node = (opType: string, input: string[], attrs: Onnx.IAttributeProto[] = [], out?: string): string => {
    const o = out ?? `t${k++}`;
    nodes.push({ opType, input, output: [o], name: `${opType}_${o}`, attribute: attrs });
    return o;
  };
  const gemm = (x: string, name: string) => node('Gemm', [x, `${name}.W`, `${name}.b`]);

  for (const s of paramSpecs(cfg)) inits.push(tensor(s.name, s.shape, model.weights[s.name]));
  const h: Record<string, string> = {};
  for (const m of MODALITIES) {
    inits.push(tensor(`norm.${m}.mean`, [cfg.dims[m]], model.norm[m].mean));
    inits.push(tensor(`norm.${m}.std`, [cfg.dims[m]], model.norm[m].std));
    let t = node('Div', [node('Sub', [m, `norm.${m}.mean`]), `norm.${m}.std`]);
    const layers = subnetLayers(cfg, m);
    layers.forEach((l, i) => {
      t = gemm(t, l.name);
      if (i < layers.length - 1) t = node('Relu', [t]);
    });
    h[m] = t;
  }
  inits.push(tensor('const.zero', [], new Float32Array([0])));
  const fusedIn = node(
    'Concat',
    MODALITIES.map((m) => (model.fusion.includes(m) ? h[m] : node('Mul', [h[m], 'const.zero']))),
    [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }],
  );
  const raw = HEADS.map((s) => {
    const F = node('Relu', [gemm(s === 'fused' ? fusedIn : h[s], `post.${s}`)]);
    return gemm(node('Relu', [gemm(F, `head.${s}.0`)]), `head.${s}.1`);
  });
  inits.push(tensor('const.lo', [], new Float32Array([-cfg.scoreRange])));
  inits.push(tensor('const.hi', [], new Float32Array([cfg.scoreRange])));
  const cat = node('Concat', raw, [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]);
  node('Clip', [cat, 'const.lo', 'const.hi'], [], SCORE_OUTPUT);

  const proto = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'attune-selfmi',
    producerVersion,
    graph: {
      name: 'selfmi',
      node: nodes,
      initializer: inits,
      input: MODALITIES.map((m) => valueInfo(m, cfg.dims[m])),
      output: [valueInfo(SCORE_OUTPUT, HEADS.length)],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

/** Reads named float initializers back (warm start from an exported version). */
export function readInitializers(bytes: Uint8Array): Record<string, Float32Array> {
  const m = onnx.ModelProto.decode(bytes);
  const out: Record<string, Float32Array> = {};
  for (const t of m.graph?.initializer ?? []) {
    if (!t.name || t.dataType !== FLOAT) continue;
    const raw = t.rawData;
    if (raw && raw.length) {
      // Copy into a fresh buffer: protobufjs may hand back a Buffer view at an unaligned offset.
      const copy = new Uint8Array(raw);
      out[t.name] = new Float32Array(copy.buffer, 0, copy.byteLength / 4);
    } else {
      out[t.name] = Float32Array.from(t.floatData ?? []);
    }
  }
  return out;
}
