"""Words of input errors: one sentence per problem code, and the words around them.

An :class:`~mentormatch.errors.InputProblem` carries an English message built
where the problem was found; the command line shows it in French by its code
(``error.<code>``, with ``{value}`` and ``{field}`` filled from the problem,
and the suggestions of the English message, "did you mean ...", kept). The
English sentence of each code is the one of the error table of
docs/input-format.md; the English display keeps the original message, which
says more. Every documented code has its entry (tested).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "error.header": {"en": "{n} problem found in the input:",
                     "fr": "{n} problème trouvé dans les fichiers :"},
    "error.header_plural": {"en": "{n} problems found in the input:",
                            "fr": "{n} problèmes trouvés dans les fichiers :"},
    "error.more": {"en": "... and {n} more (use --format json to get them all)",
                   "fr": "... et {n} de plus (--format json pour les voir tous)"},
    "error.row": {"en": "row {row}", "fr": "ligne {row}"},
    "error.column": {"en": "column '{field}'", "fr": "colonne « {field} »"},
    "error.field": {"en": "field '{field}'", "fr": "champ « {field} »"},
    "error.input": {"en": "input", "fr": "fichiers"},
    "error.value": {"en": "(value: {value})", "fr": "(valeur : {value})"},
    "error.did_you_mean": {"en": "did you mean {hints}?", "fr": "vouliez-vous dire {hints} ?"},
    "error.known_columns": {"en": "known columns: {names}", "fr": "colonnes connues : {names}"},
    # --- one sentence per code (docs/input-format.md, "Error codes") ------------------------
    "error.file_not_found": {"en": "no file at the given path",
                             "fr": "aucun fichier à cet emplacement"},
    "error.unreadable_file": {"en": "the file cannot be opened or read",
                              "fr": "le fichier ne peut pas être ouvert ni lu"},
    "error.file_too_large": {"en": "the file is too large",
                             "fr": "le fichier est trop volumineux"},
    "error.cell_too_long": {"en": "a cell holds too many characters",
                            "fr": "une cellule contient trop de caractères"},
    "error.too_many_problems": {"en": "reading stopped after too many problems",
                                "fr": "lecture arrêtée après trop de problèmes : corrigez "
                                      "ceux-ci puis relancez"},
    "error.unsupported_format": {"en": "this format cannot be read: save as CSV or XLSX",
                                 "fr": "ce format ne peut pas être lu : enregistrez le "
                                       "fichier en CSV ou en XLSX"},
    "error.encoding_error": {"en": "the file's encoding cannot be recognised",
                             "fr": "l'encodage du fichier n'est pas reconnu (ni UTF-8, ni "
                                   "Windows-1252)"},
    "error.encoding_mixed": {"en": "some lines are UTF-8 and others are not",
                             "fr": "certaines lignes sont en UTF-8 et d'autres non (fichier "
                                   "assemblé à partir de deux exports ?)"},
    "error.csv_syntax": {"en": "the CSV cannot be parsed (an unclosed quote?)",
                         "fr": "le CSV ne peut pas être lu (un guillemet non fermé ?)"},
    "error.invalid_json": {"en": "the JSON cannot be parsed",
                           "fr": "le JSON ne peut pas être lu"},
    "error.invalid_toml": {"en": "the TOML cannot be parsed",
                           "fr": "le TOML ne peut pas être lu"},
    "error.empty_file": {"en": "the file is empty (no header or no data row)",
                         "fr": "le fichier est vide (pas d'en-tête ou aucune ligne)"},
    "error.missing_column": {"en": "the required column {field} is missing",
                             "fr": "la colonne obligatoire « {field} » est absente"},
    "error.unknown_column": {"en": "unknown column {value}",
                             "fr": "colonne inconnue « {value} »"},
    "error.duplicate_column": {"en": "two headers name the same column",
                               "fr": "deux en-têtes désignent la même colonne"},
    "error.extra_cells": {"en": "filled cells beyond the last header column",
                          "fr": "des cellules remplies au-delà de la dernière colonne"},
    "error.missing_field": {"en": "a required value is empty or absent",
                            "fr": "une valeur obligatoire est vide ou absente"},
    "error.unknown_field": {"en": "a field the model does not know",
                            "fr": "champ inconnu"},
    "error.wrong_type": {"en": "a value of the wrong kind",
                         "fr": "valeur d'un type inattendu (texte au lieu d'un nombre, "
                               "oui/non ou date illisible...)"},
    "error.empty_id": {"en": "the ID is empty", "fr": "l'identifiant est vide"},
    "error.invalid_text": {"en": "the text holds a control character",
                           "fr": "le texte contient un caractère de contrôle"},
    "error.invalid_number": {"en": "a number written in a form that cannot be read",
                             "fr": "nombre écrit sous une forme illisible"},
    "error.empty_value": {"en": "an empty item where one is needed",
                          "fr": "élément vide là où il en faut un"},
    "error.duplicate_id": {"en": "the same ID is used on several rows",
                           "fr": "le même identifiant est utilisé sur plusieurs lignes"},
    "error.duplicate_value": {"en": "the same item twice in a list",
                              "fr": "le même élément deux fois dans une liste"},
    "error.unknown_subject": {"en": "unknown subject or theme {value}",
                              "fr": "matière ou thème inconnu « {value} »"},
    "error.unknown_level": {"en": "unknown school level {value}",
                            "fr": "niveau scolaire inconnu « {value} »"},
    "error.unknown_language": {"en": "unknown language {value}",
                               "fr": "langue inconnue « {value} »"},
    "error.invalid_choice": {"en": "a value outside the allowed list",
                             "fr": "valeur hors de la liste permise"},
    "error.not_finite": {"en": "NaN or infinity in a number",
                         "fr": "nombre invalide (NaN ou infini)"},
    "error.out_of_range": {"en": "a number outside its bounds",
                           "fr": "nombre hors des limites permises"},
    "error.invalid_value": {"en": "a value that breaks a rule of its own",
                            "fr": "valeur non conforme à sa règle"},
    "error.availability_syntax": {"en": "availability that cannot be read",
                                  "fr": "disponibilités illisibles : écrivez un jour puis "
                                        "des heures, par exemple « lun 17:00-19:00 »"},
    "error.unknown_day": {"en": "a day name not recognised",
                          "fr": "jour non reconnu"},
    "error.window_inverted": {"en": "a time window that ends before it starts",
                              "fr": "un créneau finit avant de commencer"},
    "error.window_empty": {"en": "a time window that ends when it starts",
                           "fr": "un créneau finit à l'heure où il commence"},
    "error.time_off_grid": {"en": "a time not on the 30-minute grid",
                            "fr": "heure hors de la grille de 30 minutes (par exemple "
                                  "17:00 ou 17:30)"},
    "error.time_out_of_day": {"en": "a time outside 00:00-24:00",
                              "fr": "heure hors de 00:00-24:00"},
    "error.unknown_priority_tag": {"en": "priority tag {value} has no weight in the policy",
                                   "fr": "priorité inconnue de la politique « {value} »"},
    "error.duplicate_scope": {"en": "two equipment stocks for the same scope",
                              "fr": "deux stocks d'équipement pour la même portée"},
    "error.unknown_scope": {"en": "an equipment stock whose scope is no pupil's territory "
                                  "nor association",
                            "fr": "un stock d'équipement dont la portée n'est ni le territoire "
                                  "ni l'association d'un élève"},
    "error.result_mismatch": {"en": "the results folder does not match the input files",
                              "fr": "le dossier de résultats ne correspond pas aux fichiers"},
    "error.unknown_reference": {"en": "names nobody in the other file",
                                "fr": "ne désigne personne dans l'autre fichier"},
}
