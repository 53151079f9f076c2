"""Words of the domain: reasons, priority tags, days, modalities, roles, output columns.

Each key is ``{"en": ..., "fr": ...}``; the families are prefixed:
``reason.<code>``, ``tag.<tag>``, ``day.<0-6>``, ``modality.<value>``,
``role.<value>``, ``col.<column>`` (headers of the spreadsheets written by
``match``), ``sheet.<name>`` (sheets of ``pairs.xlsx``), ``action.<rule or
reason>`` (what would help an unmatched pupil).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- reasons a pupil is unmatched (every ReasonCode; tested) --------------------------
    "reason.no_candidate": {
        "en": "no volunteer meets every rule",
        "fr": "aucun bénévole ne remplit toutes les conditions",
    },
    "reason.capacity_taken": {
        "en": "suitable volunteers are full",
        "fr": "les bénévoles compatibles sont complets",
    },
    "reason.not_worth_cost": {
        "en": "every possible pair costs more than the policy allows",
        "fr": "chaque binôme possible coûte plus que ce que la politique autorise",
    },
    "reason.volunteers": {"en": "{n} volunteer", "fr": "{n} bénévole"},
    "reason.volunteers_plural": {"en": "{n} volunteers", "fr": "{n} bénévoles"},
    "reason.mentors_list": {"en": "volunteers: ", "fr": "bénévoles : "},
    # --- what would help an unmatched pupil (by last eliminating rule, or reason) --------
    "action.capacity_taken": {
        "en": "recruit a volunteer for this subject, or ask a suitable volunteer to take "
              "one more pupil",
        "fr": "recruter un bénévole pour cette matière, ou demander à un bénévole "
              "compatible d'accueillir un élève de plus",
    },
    "action.not_worth_cost": {
        "en": "raise the policy's maximum pair cost",
        "fr": "relever le coût maximal d'un binôme dans la politique",
    },
    "action.distance": {
        "en": "offer remote sessions, or recruit a volunteer nearby",
        "fr": "proposer des séances à distance, ou recruter un bénévole à proximité",
    },
    "action.availability": {
        "en": "ask the family for more time slots",
        "fr": "demander à la famille d'autres créneaux",
    },
    "action.subject": {
        "en": "recruit a volunteer for this subject",
        "fr": "recruter un bénévole pour cette matière",
    },
    "action.level": {
        "en": "recruit a volunteer who teaches at this level",
        "fr": "recruter un bénévole qui enseigne à ce niveau",
    },
    "action.device": {
        "en": "lend a computer or a connection, or find an in-person volunteer",
        "fr": "prêter un ordinateur ou une connexion, ou trouver un bénévole en présentiel",
    },
    "action.modality": {
        "en": "ask whether the other modality would suit the family",
        "fr": "demander si l'autre modalité conviendrait à la famille",
    },
    "action.clearance": {
        "en": "complete volunteers' safeguarding clearance (honorabilité)",
        "fr": "faire aboutir l'attestation d'honorabilité des bénévoles",
    },
    "action.language": {
        "en": "recruit a volunteer who speaks the pupil's language",
        "fr": "recruter un bénévole qui parle la langue de l'élève",
    },
    "action.gender": {
        "en": "ask whether the gender preference can be relaxed",
        "fr": "demander si la préférence de genre peut être assouplie",
    },
    "action.exclusion": {
        "en": "review the exclusions",
        "fr": "revoir les exclusions",
    },
    "action.cost_cap": {
        "en": "raise the policy's maximum pair cost",
        "fr": "relever le coût maximal d'un binôme dans la politique",
    },
    "action.other": {
        "en": "recruit a volunteer",
        "fr": "recruter un bénévole",
    },
    # --- priority tags (the documented ones; unknown tags are shown as written) -----------
    "tag.qpv": {"en": "QPV", "fr": "QPV"},
    "tag.rep_plus": {"en": "REP+", "fr": "REP+"},
    "tag.rep": {"en": "REP", "fr": "REP"},
    "tag.no_device": {"en": "no device", "fr": "sans équipement"},
    "tag.rematch": {"en": "lost their mentor", "fr": "a perdu son bénévole"},
    "tag.no_connection": {"en": "no connection", "fr": "sans connexion"},
    "tag.key_worker_child": {"en": "key worker's child", "fr": "enfant de soignant"},
    "tag.waiting": {"en": "waiting long", "fr": "attente longue"},
    "tag.disability": {"en": "disability", "fr": "handicap"},
    "tag.care_leaver": {"en": "child in care (ASE)", "fr": "ASE"},
    "tag.(none)": {"en": "(none)", "fr": "(aucune)"},
    # --- days, modalities, roles ------------------------------------------------------------
    "day.0": {"en": "Monday", "fr": "lundi"},
    "day.1": {"en": "Tuesday", "fr": "mardi"},
    "day.2": {"en": "Wednesday", "fr": "mercredi"},
    "day.3": {"en": "Thursday", "fr": "jeudi"},
    "day.4": {"en": "Friday", "fr": "vendredi"},
    "day.5": {"en": "Saturday", "fr": "samedi"},
    "day.6": {"en": "Sunday", "fr": "dimanche"},
    "modality.in_person": {"en": "in person", "fr": "présentiel"},
    "modality.remote": {"en": "remote", "fr": "à distance"},
    "modality.either": {"en": "either", "fr": "les deux"},
    "role.mentor": {"en": "mentor", "fr": "mentor"},
    "role.tutor": {"en": "tutor", "fr": "tuteur"},
    # --- sheets of pairs.xlsx -----------------------------------------------------------------
    "sheet.pairs": {"en": "Pairs", "fr": "Binômes"},
    "sheet.unmatched": {"en": "Unmatched pupils", "fr": "Élèves sans binôme"},
    "sheet.mentors": {"en": "Volunteers", "fr": "Bénévoles"},
    "sheet.changes": {"en": "Changes", "fr": "Changements"},
    "sheet.equipment": {"en": "Equipment lent", "fr": "Équipement prêté"},
    # --- column headers of the spreadsheets (English headers are the column names) --------
    "col.student_id": {"en": "student_id", "fr": "élève"},
    "col.mentor_id": {"en": "mentor_id", "fr": "bénévole"},
    "col.subject": {"en": "subject", "fr": "matière"},
    "col.day": {"en": "day", "fr": "jour"},
    "col.start": {"en": "start", "fr": "début"},
    "col.end": {"en": "end", "fr": "fin"},
    "col.modality": {"en": "modality", "fr": "modalité"},
    "col.distance_km": {"en": "distance_km", "fr": "distance (km)"},
    "col.cost": {"en": "cost", "fr": "coût"},
    "col.student_level": {"en": "student_level", "fr": "niveau de l'élève"},
    "col.student_territory": {"en": "student_territory", "fr": "territoire de l'élève"},
    "col.student_priority_tags": {"en": "student_priority_tags",
                                  "fr": "priorités de l'élève"},
    "col.mentor_association": {"en": "mentor_association", "fr": "association du bénévole"},
    "col.mentor_role": {"en": "mentor_role", "fr": "fonction du bénévole"},
    "col.level": {"en": "level", "fr": "niveau"},
    "col.territory": {"en": "territory", "fr": "territoire"},
    "col.priority_tags": {"en": "priority_tags", "fr": "priorités"},
    "col.weight": {"en": "weight", "fr": "poids"},
    "col.needs": {"en": "needs", "fr": "besoins"},
    "col.reason_codes": {"en": "reason_codes", "fr": "codes des raisons"},
    "col.reasons": {"en": "reasons", "fr": "raisons"},
    "col.eliminated_by": {"en": "eliminated_by", "fr": "éliminés par"},
    "col.candidate_mentors": {"en": "candidate_mentors", "fr": "bénévoles possibles"},
    "col.association": {"en": "association", "fr": "association"},
    "col.role": {"en": "role", "fr": "fonction"},
    "col.load": {"en": "load", "fr": "élèves suivis"},
    "col.capacity": {"en": "capacity", "fr": "capacité"},
    "col.free_places": {"en": "free_places", "fr": "places libres"},
    "col.students": {"en": "students", "fr": "élèves"},
    "col.load_cost": {"en": "load_cost", "fr": "coût de charge"},
    "col.cost_prefix": {"en": "cost_{term}", "fr": "coût {term}"},
    # changes.csv (pairs in force, issue 15)
    "col.kind": {"en": "kind", "fr": "changement"},
    "col.reason": {"en": "reason", "fr": "raison"},
    "col.rule": {"en": "rule", "fr": "règle"},
    "col.session": {"en": "session", "fr": "séance"},
    "col.previous_mentor_id": {"en": "previous_mentor_id", "fr": "bénévole précédent"},
    "col.previous_session": {"en": "previous_session", "fr": "séance précédente"},
    "col.explanation": {"en": "explanation", "fr": "explication"},
    # equipment.csv (issue 18)
    "col.item": {"en": "item", "fr": "équipement"},
    "col.scope": {"en": "scope", "fr": "stock"},
    "col.lent": {"en": "lent", "fr": "prêté"},
    "col.alternates": {"en": "alternates", "fr": "bénévoles de secours"},
}
