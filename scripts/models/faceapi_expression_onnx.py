#!/usr/bin/env python3
"""face-api's FaceExpressionNet as ONNX, from the weights-only files in npm @vladmandic/face-api
(model/face_expression_model-weights_manifest.json + .bin).

face-api ships weights without a graph, so the network is written out here: the face feature extractor
(four dense blocks of separable convolutions, as in face-api's src/faceFeatureExtractor), 7x7/2 average
pooling, a 256->7 fully connected layer and softmax.
Input float32 [N,112,112,3] RGB 0..255 (a face crop resized to 112x112); output probs [N,7] in the order
neutral, happy, sad, angry, fearful, disgusted, surprised.
"""
import json

import numpy as np
from onnx import TensorProto, helper

from tfjs_onnx import GraphBuilder, finish_model, load_weights

LABELS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised']
# face-api's normalize(): subtract the ImageNet-style channel means, then scale by 1/255.
CHANNEL_MEAN = [122.782, 117.001, 104.298]


class ExpressionNet:
    def __init__(self, weights):
        self.w = weights
        self.g = GraphBuilder()

    def const(self, name, arr):
        return self.g.const(name, arr.astype(np.float32))

    def conv3x3(self, x, prefix, stride):
        f = self.w[prefix + '/filters']
        return self.g.op('Conv', [x, self.const(prefix + '/W', f.transpose(3, 2, 0, 1)), self.const(prefix + '/b', self.w[prefix + '/bias'])],
                         prefix, strides=[stride, stride], auto_pad='SAME_UPPER', kernel_shape=list(f.shape[:2]))

    def separable(self, x, prefix, stride):
        """Depthwise 3x3 (with stride) then pointwise 1x1 with bias, as tf.separableConv2d."""
        dw, pw = self.w[prefix + '/depthwise_filter'], self.w[prefix + '/pointwise_filter']
        cin = dw.shape[2]
        d = self.g.op('Conv', [x, self.const(prefix + '/dw', dw.transpose(2, 3, 0, 1).reshape(cin, 1, 3, 3))], prefix + '/depthwise',
                      strides=[stride, stride], auto_pad='SAME_UPPER', group=int(cin), kernel_shape=[3, 3])
        return self.g.op('Conv', [d, self.const(prefix + '/pw', pw.transpose(3, 2, 0, 1)), self.const(prefix + '/b', self.w[prefix + '/bias'])],
                         prefix + '/pointwise', kernel_shape=[1, 1])

    def dense_block(self, x, prefix, first):
        """Four convolutions with dense residual sums: each input is the ReLU of the sum of all earlier outputs."""
        add, relu = (lambda a, b, n: self.g.op('Add', [a, b], prefix + n)), (lambda a, n: self.g.op('Relu', [a], prefix + n))
        out1 = relu(self.conv3x3(x, prefix + '/conv0', 2) if first else self.separable(x, prefix + '/conv0', 2), '/out1')
        out2 = self.separable(out1, prefix + '/conv1', 1)
        out3 = self.separable(relu(add(out1, out2, '/s12'), '/in3'), prefix + '/conv2', 1)
        out4 = self.separable(relu(add(out1, add(out2, out3, '/s23'), '/s123'), '/in4'), prefix + '/conv3', 1)
        return relu(add(out1, add(out2, add(out3, out4, '/s34'), '/s234'), '/s1234'), '/out')

    def build(self):
        x = self.g.op('Transpose', ['input'], 'nchw', perm=[0, 3, 1, 2])
        x = self.g.op('Sub', [x, self.const('mean', np.array(CHANNEL_MEAN).reshape(1, 3, 1, 1))], 'centre')
        x = self.g.op('Div', [x, self.const('k255', np.array(255.0))], 'scale')
        for i in range(4):
            x = self.dense_block(x, f'dense{i}', first=i == 0)
        x = self.g.op('AveragePool', [x], 'avgpool', kernel_shape=[7, 7], strides=[2, 2])
        x = self.g.op('Flatten', [x], 'flatten', axis=1)
        x = self.g.op('Gemm', [x, self.const('fc/W', self.w['fc/weights']), self.const('fc/b', self.w['fc/bias'])], 'logits')
        self.g.nodes.append(helper.make_node('Softmax', [x], ['probs'], name='probs', axis=-1))
        graph = helper.make_graph(self.g.nodes, 'faceapi_expression',
                                  [helper.make_tensor_value_info('input', TensorProto.FLOAT, ['N', 112, 112, 3])],
                                  [helper.make_tensor_value_info('probs', TensorProto.FLOAT, ['N', 7])], self.g.initializers)
        return finish_model(graph)


def convert_expression_net(manifest_path):
    groups = json.load(open(manifest_path))
    return ExpressionNet(load_weights(manifest_path, groups)).build()
