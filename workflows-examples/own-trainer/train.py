"""Trains a scikit-learn pipeline and exports it to ONNX with skl2onnx: the training command of
own-trainer.yml (`run: python train/train.py`).

The train action tells it what to do in the environment:
  MLOPS_DATA          the training files, one per line
  MLOPS_TARGET        the column to predict
  MLOPS_FEATURES      the feature columns, comma-separated, in the order the model takes them
  MLOPS_PARAMS        a JSON file of the `params` input
  MLOPS_MODEL_PATH    where to write the ONNX model
  MLOPS_METRICS_PATH  where to write a JSON object of metrics (shown in the run record)
"""

import json
import os

import pandas as pd
from skl2onnx import convert_sklearn
from skl2onnx.common.data_types import FloatTensorType
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def main() -> None:
    files = [path for path in os.environ["MLOPS_DATA"].splitlines() if path]
    data = pd.concat([pd.read_csv(path) for path in files], ignore_index=True)
    target = os.environ["MLOPS_TARGET"]
    features = [name for name in os.environ.get("MLOPS_FEATURES", "").split(",") if name]
    if not features:
        features = [name for name in data.columns if name != target]
    params = {}
    if os.environ.get("MLOPS_PARAMS"):
        with open(os.environ["MLOPS_PARAMS"], encoding="utf-8") as file:
            params = json.load(file)

    x = data[features].to_numpy(dtype="float32")
    y = data[target].to_numpy()
    model = make_pipeline(
        StandardScaler(),
        LogisticRegression(C=float(params.get("C", 1.0)), max_iter=int(params.get("max_iter", 1000))),
    )
    cv_auc = cross_val_score(model, x, y, cv=5, scoring="roc_auc").mean()
    model.fit(x, y)

    # One float input [N, D] named float_input: skl2onnx's default layout (label + ZipMap).
    onnx_model = convert_sklearn(
        model, initial_types=[("float_input", FloatTensorType([None, len(features)]))]
    )
    # The order travels with the model too, for anyone who scores the file without its run record.
    entry = onnx_model.metadata_props.add()
    entry.key = "mlops-actions:feature-names"
    entry.value = json.dumps(features)
    with open(os.environ["MLOPS_MODEL_PATH"], "wb") as file:
        file.write(onnx_model.SerializeToString())

    with open(os.environ["MLOPS_METRICS_PATH"], "w", encoding="utf-8") as file:
        json.dump({"cv_roc_auc": float(cv_auc), "train_accuracy": float(model.score(x, y))}, file)


if __name__ == "__main__":
    main()
