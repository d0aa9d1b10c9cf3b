/**
 * Builds the Self-MI inference graph as an ONNX ModelProto with our own code (onnx-proto's
 * protobuf schema; no converter). Opset 13: Sub, Div, Gemm, Relu, Mul, Concat, Clip, Exp, MatMul, Add,
 * Sqrt, Reciprocal, Softmax (class heads), Slice-free column picks by Gemm.
 * Inputs are raw features plus `presence` [N, 3] (0..1 per modality); normalisation is inside the
 * graph, so the file is self-contained. Outputs: `scores` [N, 4] (fused = reliability-weighted
 * fusion of the unimodal heads, then text, audio, video), `spread` [N, 4] (the sd of each), and
 * `selfmi` [N, 1] (Self-MI's own concat-fusion head). Initializer names are the network's parameter
 * names (and `rel.*` for the reliability model), which is how warm starts read weights back.
 */
// onnx-proto is CommonJS: a named ESM import fails at run time, the default import works.
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = onnxProto;
import { classHeadOf, HEADS, MODALITIES, type SelfMiConfig } from './config';
import { paramSpecs, subnetLayers } from './params';
import { LOG_SD_MAX, LOG_SD_MIN, type Reliability } from './reliability';
import type { SelfMiModel } from './types';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const OPSET = 13;
export const SCORE_OUTPUT = 'scores';
export const SPREAD_OUTPUT = 'spread';
export const SELFMI_OUTPUT = 'selfmi';
export const PRESENCE_INPUT = 'presence';

function tensor(name: string, dims: number[], values: Float32Array): Onnx.ITensorProto {
  const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  return { name, dims, dataType: FLOAT, rawData: bytes };
}

function valueInfo(name: string, cols: number): Onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: cols }] } } } };
}

export function buildOnnx(model: SelfMiModel & { reliability: Reliability }, producerVersion: string): Uint8Array {
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
  const F: Record<string, string> = {};
  const raw: Record<string, string> = {};
  for (const s of HEADS) {
    F[s] = node('Relu', [gemm(s === 'fused' ? fusedIn : h[s], `post.${s}`)]);
    raw[s] = gemm(node('Relu', [gemm(F[s], `head.${s}.0`)]), `head.${s}.1`);
    const ch = classHeadOf(cfg, s);
    if (ch) {
      // Class head: expected valence under the softmax (the table is data, not a trained weight).
      inits.push(tensor(`head.${s}.valence`, [ch.valence.length, 1], Float32Array.from(ch.valence)));
      raw[s] = node('MatMul', [node('Softmax', [raw[s]], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]), `head.${s}.valence`]);
    }
  }
  inits.push(tensor('const.lo', [], new Float32Array([-cfg.scoreRange])));
  inits.push(tensor('const.hi', [], new Float32Array([cfg.scoreRange])));
  const clip = (x: string, out?: string) => node('Clip', [x, 'const.lo', 'const.hi'], [], out);
  const axis1 = [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }];
  const mu = MODALITIES.map((m) => clip(raw[m]));
  clip(raw.fused, SELFMI_OUTPUT);

  // Reliability: log σ_m = Gemm(F_m), clipped; π_m = presence_m · k_m · exp(-2 log σ_m).
  const rel = model.reliability;
  inits.push(tensor('rel.logsd.lo', [], new Float32Array([LOG_SD_MIN])));
  inits.push(tensor('rel.logsd.hi', [], new Float32Array([LOG_SD_MAX])));
  inits.push(tensor('rel.minus2', [], new Float32Array([-2])));
  const logsd = MODALITIES.map((m) => {
    const sp = rel.spread[m];
    const d = cfg.post[m].dim;
    inits.push(tensor(`rel.${m}.W`, [d, 1], Float32Array.from(sp ? sp.w : new Array(d).fill(0))));
    inits.push(tensor(`rel.${m}.b`, [1], new Float32Array([sp ? sp.b : 0])));
    return node('Clip', [gemm(F[m], `rel.${m}`), 'rel.logsd.lo', 'rel.logsd.hi']);
  });
  const logsd3 = node('Concat', logsd, axis1);
  const sd3 = node('Exp', [logsd3]);
  inits.push(tensor('rel.weight', [MODALITIES.length], Float32Array.from(MODALITIES, (m) => (rel.spread[m] ? rel.weight[m] : 0))));
  const pi3 = node('Mul', [node('Mul', [node('Exp', [node('Mul', [logsd3, 'rel.minus2'])]), PRESENCE_INPUT]), 'rel.weight']);
  const mu3 = node('Concat', mu, axis1);
  inits.push(tensor('rel.ones', [MODALITIES.length, 1], new Float32Array(MODALITIES.length).fill(1)));
  inits.push(tensor('rel.prior', [], new Float32Array([1 / rel.priorSd ** 2])));
  inits.push(tensor('rel.bias', [], new Float32Array([rel.bias])));
  const num = node('MatMul', [node('Mul', [pi3, mu3]), 'rel.ones']);
  const den = node('Add', [node('MatMul', [pi3, 'rel.ones']), 'rel.prior']);
  const fused = clip(node('Add', [node('Div', [num, den]), 'rel.bias']));
  const fusedSd = node('Reciprocal', [node('Sqrt', [den])]);
  node('Concat', [fused, ...mu], axis1, SCORE_OUTPUT);
  node('Concat', [fusedSd, sd3], axis1, SPREAD_OUTPUT);

  const proto = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'attune-selfmi',
    producerVersion,
    graph: {
      name: 'selfmi',
      node: nodes,
      initializer: inits,
      input: [...MODALITIES.map((m) => valueInfo(m, cfg.dims[m])), valueInfo(PRESENCE_INPUT, MODALITIES.length)],
      output: [valueInfo(SCORE_OUTPUT, HEADS.length), valueInfo(SPREAD_OUTPUT, HEADS.length), valueInfo(SELFMI_OUTPUT, 1)],
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
