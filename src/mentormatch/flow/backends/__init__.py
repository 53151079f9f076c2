"""Min-cost-flow backends, one module each, behind one protocol (``_base.Backend``).

* :mod:`.networkx_simplex` — ``"networkx"``, exact reference;
* :mod:`.highs` — ``"highs"``, LP on the incidence matrix (scipy/HiGHS);
* :mod:`.assignment` — ``"assignment"``, capacity-expanded LAPJV fast path;
* :mod:`.ortools` — ``"ortools"``, extra ``mentormatch[ortools]``, imported lazily.
"""
