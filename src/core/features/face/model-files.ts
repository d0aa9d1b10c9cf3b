/**
 * Where the face models are. Interim until the model pack (src/core/models/pack.ts) lands:
 * ATTUNE_FACE_MODELS_DIR names a folder with human_blazeface.onnx and faceapi_expression.onnx.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AttuneError } from '../../../shared/errors';

export type FaceModelKey = 'blazeface' | 'face-expression';

const FILES: Record<FaceModelKey, string> = {
  blazeface: 'human_blazeface.onnx',
  'face-expression': 'faceapi_expression.onnx',
};

export function faceModelFile(key: FaceModelKey): string {
  const dir = process.env.ATTUNE_FACE_MODELS_DIR ?? '/work/shared/models-src';
  const file = path.join(dir, FILES[key]);
  if (!existsSync(file)) throw new AttuneError('NOT_FOUND', `face model '${key}' not found: ${file}`);
  return file;
}
