"""Video input and evidence with PyAV: open a file, any URL FFmpeg opens or RTSP over TCP,
keep the last seconds of encoded packets, write MP4 clips from them, draw keyframes."""
