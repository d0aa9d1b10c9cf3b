/**
 * Public face of the Self-MI model core. Everything the CLI / service needs:
 *   train(data, config, { signal, onProgress, init })  -> TrainResult (model, metrics, history, dataSummary)
 *   exportModel(model, dir, training?)                   -> manifest (model.onnx + manifest.json)
 *   loadModel(dir, ep)                                   -> { predict(rows) via ONNX Runtime, toSelfMiModel() }
 *   crossValidate(data, config, k, { init })             -> out-of-fold metrics (honest few-label estimate)
 *   evaluate(pred, truth)                                -> MMSA metrics
 *   evalPlotSvg / lineChartSvg / lossCurveSvg            -> SVG text
 */
export { train, type TrainCallOptions } from './train';
export { trainInProcess, type TrainResult, type TrainOptions } from './trainer';
export { exportModel, MODEL_FILE, MANIFEST_FILE } from './export-onnx';
export { loadModel, readManifest, type LoadedModel, type ModelPrediction, type FeatureRow } from './load';
export { crossValidate, type CrossValidation } from './kfold';
export { evaluate, type Metrics } from './metrics';
export { evalPlotSvg, lineChartSvg, lossCurveSvg, confusion7, type Series } from './plot';
export { makeConfig, parseConfig, DEFAULT_CONFIG, SelfMiConfigSchema, HEADS, MODALITIES, type SelfMiConfig, type Head, type Modality, type DeepPartial } from './config';
export { predictionConfidence, headConfidence, CONFIDENCE_RULE } from './confidence';
export type { SelfMiManifest } from './manifest';
export type { SegmentFeatures, TrainingData, SelfMiModel, DataSummary, TrainProgress, EpochRecord, HeadStatus, LossTerms } from './types';
