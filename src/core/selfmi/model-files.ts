/** The files of an exported Self-MI model folder (a leaf module: reading a model must not load TF.js). */
export const MODEL_FILE = 'model.onnx';
export const MANIFEST_FILE = 'manifest.json';
