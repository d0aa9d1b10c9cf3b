#!/usr/bin/env python3
"""Converts the face models of the pack from their npm package files.

Usage: convert_face.py blazeface  HUMAN_PKG_DIR   OUT.onnx   (@vladmandic/human: models/blazeface.json + .bin)
       convert_face.py expression FACEAPI_PKG_DIR OUT.onnx   (@vladmandic/face-api: model/face_expression_model*)
"""
import os
import sys

import onnx

from faceapi_expression_onnx import convert_expression_net
from tfjs_onnx import convert_graph_model


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('blazeface', 'expression'):
        sys.exit(__doc__)
    kind, pkg, out = sys.argv[1:]
    if kind == 'blazeface':
        model = convert_graph_model(os.path.join(pkg, 'models', 'blazeface.json'), 'blazeface')
    else:
        model = convert_expression_net(os.path.join(pkg, 'model', 'face_expression_model-weights_manifest.json'))
    onnx.save(model, out)
    print(f'wrote {out} ({os.path.getsize(out)} bytes, {len(model.graph.node)} nodes)')


if __name__ == '__main__':
    main()
