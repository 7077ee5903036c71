#!/usr/bin/python3
"""Reference values for FineTuneDomains.Core metrics, computed once with scikit-learn.

Run: /usr/bin/python3 make_reference.py   (Debian 12: apt-get install -y python3-sklearn)
Writes sklearn_reference.json beside this script: the inputs (deterministic from the seed) and
scikit-learn's outputs. The C# tests read both and compare.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, average_precision_score, balanced_accuracy_score,
                             confusion_matrix, f1_score, precision_recall_fscore_support,
                             roc_auc_score, top_k_accuracy_score)

rng = np.random.default_rng(20261126)
n, classes = 40, 4

# Single-label: softmax of random logits with a class-dependent bump, so the scores mean something.
labels = rng.integers(0, classes, size=n)
logits = rng.normal(size=(n, classes))
logits[np.arange(n), labels] += 1.0
probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
probs = np.round(probs, 6)                      # exactly what the JSON carries
probs = probs / probs.sum(axis=1, keepdims=True)  # roc_auc_score(multi_class='ovr') wants rows summing to 1
predictions = probs.argmax(axis=1)
# Scores rounded to one decimal: many ties, to check that ties are handled as scikit-learn does.
tied = np.round(probs, 1)

onehot = np.eye(classes, dtype=int)[labels]
binary_labels = (labels == 0).astype(int)

# Multi-label: 30 examples, 3 labels, scores rounded to 0.05 (ties again).
m, width = 30, 3
targets = (rng.random(size=(m, width)) < np.array([0.5, 0.3, 0.15])).astype(int)
targets[0] = [1, 1, 1]  # every label has at least one positive
ml_scores = np.clip(targets * 0.35 + rng.random(size=(m, width)) * 0.65, 0, 1)
ml_scores = np.round(ml_scores * 20) / 20
ml_predictions = (ml_scores >= 0.5).astype(int)

precision, recall, f1, support = precision_recall_fscore_support(labels, predictions, labels=list(range(classes)), zero_division=0)

out = {
    "generator": f"make_reference.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}, seed 20261126",
    "inputs": {
        "labels": labels.tolist(),
        "probs": probs.tolist(),
        "tied_scores": tied.tolist(),
        "binary_labels": binary_labels.tolist(),
        "ml_targets": targets.tolist(),
        "ml_scores": ml_scores.tolist(),
    },
    "expected": {
        "accuracy": accuracy_score(labels, predictions),
        "top2_accuracy": top_k_accuracy_score(labels, probs, k=2, labels=list(range(classes))),
        "balanced_accuracy": balanced_accuracy_score(labels, predictions),
        "macro_f1": f1_score(labels, predictions, average="macro", zero_division=0),
        "micro_f1": f1_score(labels, predictions, average="micro", zero_division=0),
        "per_class_precision": precision.tolist(),
        "per_class_recall": recall.tolist(),
        "per_class_f1": f1.tolist(),
        "confusion_matrix": confusion_matrix(labels, predictions, labels=list(range(classes))).tolist(),
        "binary_auroc_tied": roc_auc_score(binary_labels, tied[:, 0]),
        "binary_ap_tied": average_precision_score(binary_labels, tied[:, 0]),
        "ovr_ap_tied_per_class": average_precision_score(onehot, tied, average=None).tolist(),
        "ovr_map_tied": average_precision_score(onehot, tied, average="macro"),
        "ovr_auroc_macro": roc_auc_score(labels, probs, multi_class="ovr", average="macro"),
        "ovr_auroc_tied_per_class": [roc_auc_score(onehot[:, c], tied[:, c]) for c in range(classes)],
        "ml_auroc_per_label": roc_auc_score(targets, ml_scores, average=None).tolist(),
        "ml_auroc_macro": roc_auc_score(targets, ml_scores, average="macro"),
        "ml_ap_per_label": average_precision_score(targets, ml_scores, average=None).tolist(),
        "ml_map": average_precision_score(targets, ml_scores, average="macro"),
        "ml_macro_f1_at_0_5": f1_score(targets, ml_predictions, average="macro", zero_division=0),
        "ml_micro_f1_at_0_5": f1_score(targets, ml_predictions, average="micro", zero_division=0),
    },
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
