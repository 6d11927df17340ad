"""Recognition engine: faces (detect, align, gate, embed, match, cluster) and plates (detect,
rectify, read, vote, colour), on ONNX models that ``scripts/models`` prepares.

Plain synchronous Python for an executor thread; models load lazily on first use.
"""
