"""The skill graph: populations, pair statistics, labels, the stack planner, exports.

The planner's arrays are small (a few hundred areas): one BLAS thread computes them as fast as
many, and starting a pool of them doubles the CPU time of importing NumPy. A person who wants
more sets ``OPENBLAS_NUM_THREADS`` (or ``OMP_NUM_THREADS``) themselves.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
