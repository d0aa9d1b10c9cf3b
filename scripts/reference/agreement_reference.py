#!/usr/bin/env python3
"""Reference agreement figures for issue 16's done-when (equal within 1e-6).

Krippendorff's alpha (interval) from PyPI `krippendorff` (Castro's implementation, the one
Python users cite), and Pearson r, Lin's CCC and MAE from numpy, on fixed data: 50 segments two
analysts labelled (Ada on the 7 integer keys, as in the workbench; Ben with half points, as the CLI
allows), and a 3-annotator set with missing values. Writes src/core/analysis/__fixtures__/
agreement-reference.json, which agreement-reference.test.ts and e2e/annotators.spec.ts read (no
Python needed there).

Run once:  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install krippendorff
           /tmp/venv/bin/python scripts/reference/agreement_reference.py
"""
import json
import os
import random
import re
from importlib import metadata

import krippendorff
import numpy as np

rng = random.Random(16)
ada = [rng.choice([-3, -2, -1, 0, 1, 2, 3]) for _ in range(50)]
# Ben mostly agrees: Ada's score moved by -1..+1 in half points, clipped to the scale; a few far off.
ben = []
for i, a in enumerate(ada):
    d = rng.choice([-1, -0.5, 0, 0, 0, 0.5, 1]) if i % 9 else rng.choice([-3, 3])
    ben.append(float(min(3, max(-3, a + d))))

x = np.array(ada, dtype=float)
y = np.array(ben, dtype=float)
pearson = float(np.corrcoef(x, y)[0, 1])
ccc = float(2 * np.mean((x - x.mean()) * (y - y.mean())) / (x.var() + y.var() + (x.mean() - y.mean()) ** 2))
mae = float(np.mean(np.abs(x - y)))
alpha = float(krippendorff.alpha(reliability_data=[ada, ben], level_of_measurement="interval"))

# Three annotators, 20 units, about a quarter of the values missing (None).
three = [[rng.choice([-3, -2, -1, 0, 1, 2, 3]) for _ in range(20)] for _ in range(3)]
for r in three:
    for u in range(20):
        if rng.random() < 0.25:
            r[u] = None
data3 = [[np.nan if v is None else v for v in r] for r in three]
alpha3 = float(krippendorff.alpha(reliability_data=data3, level_of_measurement="interval"))

out = {
    "source": f"scripts/reference/agreement_reference.py (krippendorff {metadata.version('krippendorff')}, numpy {np.__version__})",
    "twoAnalysts": {"ada": ada, "ben": ben, "alpha": alpha, "pearson": pearson, "ccc": ccc, "mae": mae},
    "threeWithMissing": {"rows": three, "alpha": alpha3},
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "src", "core", "analysis", "__fixtures__", "agreement-reference.json")
with open(path, "w") as f:
    # One line per list of numbers, so a change shows as one line in a diff.
    f.write(re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", json.dumps(out, indent=1)) + "\n")
print(f"alpha {alpha:.6f} (two analysts, 50 segments), {alpha3:.6f} (three with missing); wrote {os.path.normpath(path)}")
