"""Words of ``mentormatch template``: what each column holds, and the explanation sheet.

``template.column.<name>`` is the explanation of the input column ``<name>``
(``template.column.extra``: a kept column), written in the template's
"Columns" sheet; ``template.sheet.*`` are that sheet's headers and values.
"""

from __future__ import annotations

_COLUMNS: dict[str, dict[str, str]] = {
    "id": {"en": "Unique identifier of the person (required).",
           "fr": "Identifiant unique de la personne (obligatoire)."},
    "level": {"en": "School level: CP, CE1, CE2, CM1, CM2, 6e, 5e, 4e, 3e, 2de, 1re, Tle or "
                    "post-bac (required).",
              "fr": "Niveau scolaire : CP, CE1, CE2, CM1, CM2, 6e, 5e, 4e, 3e, 2de, 1re, Tle ou "
                    "post-bac (obligatoire)."},
    "needs": {"en": "Subjects or themes needed, most important first, separated by | or , "
                    "(required).",
              "fr": "Matières ou thèmes demandés, le plus important d'abord, séparés par | ou , "
                    "(obligatoire)."},
    "availability": {"en": "Weekly free times, e.g. 'mon 17:00-19:00; wed 14-18' (required).",
                     "fr": "Créneaux libres chaque semaine, par ex. 'lundi 17h-19h; mercredi "
                           "14h-18h' (obligatoire)."},
    "latitude": {"en": "Latitude in decimal degrees (needed to meet in person).",
                 "fr": "Latitude en degrés décimaux, virgule acceptée (nécessaire en "
                       "présentiel)."},
    "longitude": {"en": "Longitude in decimal degrees (needed to meet in person).",
                  "fr": "Longitude en degrés décimaux, virgule acceptée (nécessaire en "
                        "présentiel)."},
    "commune": {"en": "Commune (for the reports).", "fr": "Commune (pour les bilans)."},
    "departement": {"en": "Département code, e.g. 93.", "fr": "Code du département, par ex. 93."},
    "territory": {"en": "Territory code: a QPV or a Cité éducative (same-territory criterion).",
                  "fr": "Code du territoire : QPV ou Cité éducative (critère même territoire)."},
    "modality": {"en": "in_person, remote or either (default either).",
                 "fr": "présentiel, distanciel ou les deux (par défaut les deux)."},
    "has_device": {"en": "Has a computer or tablet at home: yes/no (default yes).",
                   "fr": "A un ordinateur ou une tablette à la maison : oui/non (par défaut "
                         "oui)."},
    "has_connection": {"en": "Has an internet connection at home: yes/no (default yes).",
                       "fr": "A une connexion internet à la maison : oui/non (par défaut oui)."},
    "priority_tags": {"en": "Priority tags: qpv, rep_plus, rep, no_device, no_connection, "
                            "key_worker_child, waiting, disability, care_leaver.",
                      "fr": "Priorités : qpv, rep_plus, rep, sans équipement, sans connexion, "
                            "enfant de soignant, en attente, handicap, ASE."},
    "languages": {"en": "Spoken languages (default fr).",
                  "fr": "Langues parlées (par défaut français)."},
    "mentor_gender": {"en": "Preferred gender of the volunteer: f, m or x.",
                      "fr": "Genre souhaité du bénévole : f, m ou x."},
    "mentor_gender_required": {"en": "Whether that preference is a must: yes/no.",
                               "fr": "Si ce souhait est impératif : oui/non."},
    "excluded_mentors": {"en": "Volunteers this pupil must not be paired with (IDs).",
                         "fr": "Bénévoles à ne pas associer à cet élève (identifiants)."},
    "current_mentor": {"en": "The pupil's volunteer in force (ID), kept when possible.",
                       "fr": "Le bénévole actuel de l'élève (identifiant), gardé si possible."},
    "current_session": {"en": "The weekly session of the pair in force (e.g. mer 14-15); "
                              "with current_mentor, the pair is kept as the policy says.",
                        "fr": "La séance hebdomadaire du binôme en cours (ex. mer 14-15) ; "
                              "avec le bénévole actuel, le binôme est gardé selon la politique."},
    "locked": {"en": "yes: the pair in force is confirmed and never moved.",
               "fr": "oui : le binôme en cours est confirmé et jamais déplacé."},
    "waiting_since": {"en": "Date of the request (2024-09-01 or 01/09/2024).",
                      "fr": "Date de la demande (01/09/2024 ou 2024-09-01)."},
    "is_minor": {"en": "Under 18: yes/no (inferred from the level when empty).",
                 "fr": "Mineur : oui/non (déduit du niveau si vide)."},
    "association": {"en": "Association the person is registered with.",
                    "fr": "Association de rattachement."},
    "role": {"en": "mentor or tutor (default mentor).",
             "fr": "mentor (parrain, marraine) ou tuteur/tutrice (par défaut mentor)."},
    "subjects": {"en": "Subjects or themes offered, each with the highest level taught: "
                       "'maths:3e|français:Tle' (required).",
                 "fr": "Matières ou thèmes proposés, chacun avec le niveau le plus haut "
                       "enseigné : 'Maths:3e, Français:Tle' (obligatoire)."},
    "max_travel_km": {"en": "Furthest distance travelled to meet in person, in km (the "
                            "policy's default_travel_km when empty; max_travel_km caps it).",
                      "fr": "Distance maximale parcourue en présentiel, en km (sinon "
                            "default_travel_km de la politique ; max_travel_km la plafonne)."},
    "capacity": {"en": "Most pupils followed at once (default 1).",
                 "fr": "Nombre maximal d'élèves suivis en même temps (par défaut 1)."},
    "group_size": {"en": "Pupils in one session (default 1: one-to-one).",
                   "fr": "Élèves par séance (par défaut 1 : individuel)."},
    "gender": {"en": "Declared gender: f, m or x.", "fr": "Genre déclaré : f, m ou x."},
    "has_clearance": {"en": "Safeguarding clearance (needed to meet a minor in person): yes/no.",
                      "fr": "Contrôle d'honorabilité (nécessaire pour rencontrer un mineur en "
                            "présentiel) : oui/non."},
    "excluded_students": {"en": "Pupils this volunteer must not be paired with (IDs).",
                          "fr": "Élèves à ne pas associer à ce bénévole (identifiants)."},
    "profile": {"en": "etudiant, salarie, retraite, service_civique... (information only).",
                "fr": "étudiant, salarié, retraité, service civique... (information seule)."},
    "extra": {"en": "Kept as is and written next to the ID in the results; never used for "
                    "matching (any column with another name is kept the same way).",
              "fr": "Conservée telle quelle et recopiée à côté de l'identifiant dans les "
                    "résultats ; jamais utilisée pour l'appariement (toute autre colonne est "
                    "conservée de même)."},
}

MESSAGES: dict[str, dict[str, str]] = {f"template.column.{name}": words
                                       for name, words in _COLUMNS.items()}
MESSAGES.update({
    "template.sheet.sheet": {"en": "Sheet", "fr": "Feuille"},
    "template.sheet.column": {"en": "Column", "fr": "Colonne"},
    "template.sheet.required": {"en": "Required", "fr": "Obligatoire"},
    "template.sheet.description": {"en": "Description", "fr": "Description"},
    "template.sheet.example": {"en": "Example", "fr": "Exemple"},
    "template.sheet.aliases": {"en": "Other accepted names", "fr": "Autres noms acceptés"},
    "template.sheet.yes": {"en": "yes", "fr": "oui"},
    "template.sheet.no": {"en": "no", "fr": "non"},
    "template.sheet.kept": {"en": "kept", "fr": "conservée"},
})
