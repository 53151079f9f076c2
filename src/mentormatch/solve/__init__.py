"""The solve-and-price loop: the match network solved on a candidate subset, certified
against the full feasible graph (:mod:`.loop`), with its pricing (:mod:`.pricing`),
pricing potentials (:mod:`.duals`) and the assignment reduction (:mod:`.reduction`)."""
