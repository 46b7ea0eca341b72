# The Python anchor of the model bench: what a pandas + scikit-learn user runs instead of ours, timed
# the same way (the work, not the interpreter's start-up or imports). Prints one BENCH_RESULT line.
#   model-python.py evaluate <csv> <parameters.json>   read_csv + predict_proba + 8 metrics
#   model-python.py train <csv>                        read_csv + StandardScaler + LogisticRegression(lbfgs)
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn import metrics
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

step, csv = sys.argv[1], sys.argv[2]
if step == 'evaluate':
    parameters = json.load(open(sys.argv[3]))
    columns = parameters['columns']
    start = time.perf_counter()
    frame = pd.read_csv(csv)
    x = frame[[c['name'] for c in columns]].to_numpy()
    y = frame['y'].to_numpy()
    # The candidate as scikit-learn holds it: standardize, then the generating weights.
    scaler = StandardScaler()
    scaler.mean_ = np.array([c['mean'] for c in columns])
    scaler.scale_ = np.array([c['std'] for c in columns])
    scaler.var_ = scaler.scale_**2
    scaler.n_features_in_ = len(columns)
    model = LogisticRegression()
    model.coef_ = np.array([[c['weight'] for c in columns]])
    model.intercept_ = np.array([parameters['intercept']])
    model.classes_ = np.array([0, 1])
    p = model.predict_proba(scaler.transform(x))[:, 1]
    label = (p >= 0.5).astype(int)
    values = [
        metrics.accuracy_score(y, label),
        metrics.precision_score(y, label),
        metrics.recall_score(y, label),
        metrics.f1_score(y, label),
        metrics.roc_auc_score(y, p),
        metrics.average_precision_score(y, p),
        metrics.log_loss(y, p),
        metrics.brier_score_loss(y, p),
    ]
    ms = (time.perf_counter() - start) * 1000
    note = f'roc_auc {values[4]:.4f}, log_loss {values[6]:.4f}'
elif step == 'train':
    start = time.perf_counter()
    frame = pd.read_csv(csv)
    x = frame.drop(columns=['y']).to_numpy()
    y = frame['y'].to_numpy()
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
    pipeline.fit(x, y)
    ms = (time.perf_counter() - start) * 1000
    note = f'lbfgs, {pipeline[-1].n_iter_[0]} iterations'
else:
    raise SystemExit(f'unknown step {step}')
max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print('BENCH_RESULT ' + json.dumps({'ms': ms, 'maxRssKiB': max_rss_kib, 'note': note}))
