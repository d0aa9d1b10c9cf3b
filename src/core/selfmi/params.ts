/** The Self-MI network's named parameters and their shapes (see network.ts for what they compute). */
import { classHeadOf, HEADS, MODALITIES, type Modality, type SelfMiConfig } from './config';

export type ParamGroup = Modality | 'other';

export interface ParamSpec {
  name: string;
  shape: number[];
  group: ParamGroup;
  fanIn: number;
}

export function subnetLayers(cfg: SelfMiConfig, m: Modality): Array<{ name: string; in: number; out: number }> {
  const sizes = [cfg.dims[m], ...cfg.subnets[m].hidden, cfg.subnets[m].out];
  return sizes.slice(1).map((out, i) => ({ name: `sub.${m}.${i}`, in: sizes[i], out }));
}

export function fusionInputDim(cfg: SelfMiConfig): number {
  return MODALITIES.reduce((n, m) => n + cfg.subnets[m].out, 0);
}

export function paramSpecs(cfg: SelfMiConfig): ParamSpec[] {
  const specs: ParamSpec[] = [];
  const linear = (name: string, fanIn: number, out: number, group: ParamGroup) => {
    specs.push({ name: `${name}.W`, shape: [fanIn, out], group, fanIn });
    specs.push({ name: `${name}.b`, shape: [out], group, fanIn });
  };
  for (const m of MODALITIES) for (const l of subnetLayers(cfg, m)) linear(l.name, l.in, l.out, m);
  for (const h of HEADS) {
    const inDim = h === 'fused' ? fusionInputDim(cfg) : cfg.subnets[h].out;
    const d = cfg.post[h].dim;
    linear(`post.${h}`, inDim, d, 'other');
    linear(`head.${h}.0`, d, d, 'other');
    linear(`head.${h}.1`, d, classHeadOf(cfg, h)?.classes.length ?? 1, 'other');
  }
  for (const m of MODALITIES) linear(`cpc.${m}`, cfg.post.fused.dim, cfg.subnets[m].out, 'other');
  return specs;
}

