"""What-if analysis of a match: exact fixes, recruitment needs, backup mentors.

Every answer is verified by re-solving the modified problem exactly
(:mod:`mentormatch.whatif.resolve`); see ``docs/explain.md``.
"""
