import type { Head, Modality, SelfMiConfig } from './config';
import type { Reliability } from './reliability';

/** One segment's feature vectors. A null modality is missing (no face, no audio): it becomes the training mean. */
export interface SegmentFeatures {
  id: string;
  text: ArrayLike<number> | null;
  audio: ArrayLike<number> | null;
  video: ArrayLike<number> | null;
  /** Analyst label in [-3, 3]; null or absent when unlabelled. */
  label?: number | null;
}

export interface TrainingData {
  segments: SegmentFeatures[];
  /** Labelled segments kept out of training and used only for early stopping (e.g. MOSI dev). */
  validation?: SegmentFeatures[];
  /** Names the data in error messages (a project, a file). */
  source?: string;
}

export interface NormStats {
  mean: Float32Array;
  std: Float32Array;
}

export type Norm = Record<Modality, NormStats>;

export interface HeadStatus {
  trained: boolean;
  /** Labelled training segments in which this head's input modality was present. */
  labelledExamples: number;
  /** Free text: what the head was trained on, or why it is untrained. */
  note: string;
}

/** A trained Self-MI network: everything needed to export it, run it, or tune it further. */
export interface SelfMiModel {
  config: SelfMiConfig;
  /** Parameter name -> row-major values, layout as in network.ts (W is [in, out]). */
  weights: Record<string, Float32Array>;
  /** Modalities that enter the fused head (the rest are masked to 0): see config.fusionModalities. */
  fusion: Modality[];
  norm: Norm;
  heads: Record<Head, HeadStatus>;
  featureNames?: Partial<Record<Modality, string[]>>;
  /** Spread models and the reliability-weighted fusion (reliability.ts); absent = constant spreads for trained heads. */
  reliability?: Reliability;
}

export interface LossTerms {
  total: number;
  task: number;
  cpc: number;
  nce: Record<Modality, number>;
  pseudo: number;
}

export interface EpochRecord {
  epoch: number;
  steps: number;
  loss: LossTerms;
  /** Fused-head MAE on the validation set, when there is one. */
  validMae: number | null;
  pseudoLabelled: number;
  elapsedMs: number;
}

export interface TrainProgress extends EpochRecord {
  maxEpochs: number;
  etaMs: number;
  backend: string;
}

/** Which segments fed which term: the honest account of a tuning run. */
export interface DataSummary {
  labelledTrain: number;
  unlabelled: number;
  validation: number;
  validationSource: 'given' | 'split' | 'none';
  present: Record<Modality, { labelled: number; unlabelled: number }>;
  terms: {
    /** Fused L1 with real labels, ULGM label bank and the weighted unimodal L1 terms. */
    task: string[];
    /** InfoNCE (CPC): every training segment, labelled or not. */
    cpc: string[];
    /** Early stopping only. */
    validation: string[];
    /** Pseudo-labelled segments per epoch (opt-in; empty when off). */
    pseudo: Record<string, string[]>;
  };
  pseudoLabels: { enabled: boolean; threshold: number; totalAssignments: number };
}
