"""Voiceprint (声纹): GE2E speaker embeddings in numpy, enrolment, verification, digit challenge."""
