"""Candidates: encoding, hard rules, soft costs and the full feasible graph.

* :mod:`~mentormatch.candidates.encode`: the problem as arrays in canonical order;
* :mod:`~mentormatch.candidates.rules`: one module per hard rule (``RULES``);
* :mod:`~mentormatch.candidates.costs`: one module per cost term (``TERMS``);
* :mod:`~mentormatch.candidates.reference`: rules and terms composed pair by pair;
* :mod:`~mentormatch.candidates.index`, :mod:`~mentormatch.candidates.generate`:
  the fast enumerator of the feasible graph (the same pairs and costs);
* :mod:`~mentormatch.candidates.quantise`: costs to integers, once.
"""
