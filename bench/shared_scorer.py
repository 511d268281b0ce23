"""The shared scorer, read in place: `../shared/eval/score.py` beside the
repository root (never copied into it). `from shared_scorer import score`.
"""
import importlib.util
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PATH = os.path.join(ROOT, "..", "shared", "eval", "score.py")

if not os.path.isfile(PATH):
    sys.exit(f"the scorer {os.path.normpath(PATH)} is missing: it lives in ../shared/eval beside the repository")
_spec = importlib.util.spec_from_file_location("score", PATH)
score = importlib.util.module_from_spec(_spec)
sys.modules["score"] = score
_spec.loader.exec_module(score)
