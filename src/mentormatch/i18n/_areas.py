"""Words of the areas added with the second set of issues, moved here from their modules.

Prefixed by area: ``progress.stage.*`` (the CLI's live progress line),
``explain.text.*`` (``mentormatch explain``'s text output), ``recruit.*``
(``mentormatch recruit``), ``template.*`` (``mentormatch template``),
``display.*`` (notebook cards), ``columns.*`` (kept columns in ``validate``),
``report.recruit.*`` (the report's recruitment section), ``changes.*``
(changes since the pairs in force), ``radius.*`` (the travel-radius line of
``match``'s summary), ``whatif.*`` (fixes and their verified outcome), ``equipment.*`` (the report's
equipment section and ``match``'s equipment line).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- the CLI's live progress line (cli/_progress.py) ------------------------------------
    "progress.stage.encode": {"en": "preparing", "fr": "préparation"},
    "progress.stage.candidates": {"en": "candidates", "fr": "candidats"},
    "progress.stage.solve": {"en": "solve round", "fr": "résolution, tour"},
    "progress.stage.pricing": {"en": "pricing", "fr": "vérification des paires écartées"},
    "progress.stage.certify": {"en": "certificate", "fr": "certificat"},
    "progress.stage.result": {"en": "result", "fr": "résultat"},
    "progress.stage.pupils": {"en": "pupils", "fr": "élèves"},
    "progress.stage.left": {"en": "about {s} s left", "fr": "environ {s} s restantes"},
    "progress.stage.done_in": {"en": "done in {s:.1f} s", "fr": "fait en {s:.1f} s"},
    # --- mentormatch explain: the text output (cli/explain.py) ------------------------------
    "explain.text.no_result": {
        "en": "{path} not found: run 'mentormatch match ... -o {outdir}' first",
        "fr": "{path} introuvable : lancez d'abord 'mentormatch match ... -o {outdir}'"},
    "explain.text.cannot_read": {"en": "cannot read {path}: {error}",
                                 "fr": "impossible de lire {path} : {error}"},
    "explain.text.no_such_pupil": {"en": "no pupil has the ID {sid!r} in {path}",
                                   "fr": "aucun élève n'a l'identifiant {sid!r} dans {path}"},
    "explain.text.file_missing": {
        "en": "the input file {name} is not in {outdir}, its parent folder or the current "
              "folder",
        "fr": "le fichier d'entrée {name} n'est ni dans {outdir}, ni dans son dossier parent, "
              "ni dans le dossier courant"},
    "explain.text.file_changed": {"en": "the input file {path} changed since the match",
                                  "fr": "le fichier d'entrée {path} a changé depuis "
                                        "l'appariement"},
    "explain.text.not_recorded": {"en": "the input files were not recorded",
                                  "fr": "les fichiers d'entrée n'ont pas été enregistrés"},
    "explain.text.paired": {"en": "Pupil {student} is paired with volunteer {mentor}",
                            "fr": "L'élève {student} est en binôme avec le bénévole {mentor}"},
    "explain.text.pair": {"en": "  subject {subject}, {session}, {modality}{distance}",
                          "fr": "  matière {subject}, {session}, {modality}{distance}"},
    "explain.text.cost": {"en": "  cost {cost} (the lower, the better)",
                          "fr": "  coût {cost} (plus il est bas, mieux c'est)"},
    "explain.text.criterion": {"en": "criterion", "fr": "critère"},
    "explain.text.total": {"en": "total", "fr": "total"},
    "explain.text.runner_up": {"en": "  runner-up: volunteer {mentor} ({modality}{distance})",
                               "fr": "  second choix : bénévole {mentor} "
                                     "({modality}{distance})"},
    "explain.text.runner_up_note": {
        "en": "    (runner-up costed at its best common session; load-balance costs of "
              "volunteers not included)",
        "fr": "    (second choix évalué à sa meilleure séance commune ; coûts d'équilibrage "
              "de la charge des bénévoles non inclus)"},
    "explain.text.full": {"en": "  {mentor} is full ({load}/{capacity}: {students})",
                          "fr": "  {mentor} est complet ({load}/{capacity} : {students})"},
    "explain.text.others": {"en": "  other possible volunteers: {mentors}",
                            "fr": "  autres bénévoles possibles : {mentors}"},
    "explain.text.other": {"en": "{mentor} (cost {cost})", "fr": "{mentor} (coût {cost})"},
    "explain.text.optimal": {
        "en": "  The whole pairing is optimal: moving this pupil to another volunteer would "
              "not match more pupils (priority-weighted) nor cost less in total.",
        "fr": "  La répartition entière est optimale : confier cet élève à un autre bénévole "
              "n'apparierait pas plus d'élèves (pondérés par priorité) et ne coûterait pas "
              "moins au total."},
    "explain.text.per_criterion": {"en": "  cost per criterion:", "fr": "  coût par critère :"},
    "explain.text.no_other": {
        "en": "  no other volunteer passes every hard rule for this pupil",
        "fr": "  aucun autre bénévole ne remplit toutes les conditions pour cet élève"},
    "explain.text.not_computed": {"en": "  (runner-up not computed: {why})",
                                  "fr": "  (second choix non calculé : {why})"},
    "explain.text.unmatched": {"en": "Pupil {student} has no volunteer",
                               "fr": "L'élève {student} n'a pas de bénévole"},
    "explain.text.eliminated": {
        "en": "    volunteers eliminated by each rule (applied in order, out of {total}):",
        "fr": "    bénévoles écartés par chaque règle (appliquées dans l'ordre, sur "
              "{total}) :"},
    "explain.text.eliminated_all": {
        "en": "    volunteers eliminated by each rule (applied in order):",
        "fr": "    bénévoles écartés par chaque règle (appliquées dans l'ordre) :"},
    "explain.text.took": {"en": "    {mentor} took {students}",
                          "fr": "    {mentor} a pris {students}"},
    "explain.text.nobody": {"en": "nobody", "fr": "personne"},
    "explain.text.fixes": {"en": "  verified fixes (each re-solved exactly):",
                           "fr": "  solutions vérifiées (chacune re-résolue exactement) :"},
    "explain.text.no_fix": {
        "en": "  no single change tried gets this pupil a volunteer ({n} tried)",
        "fr": "  aucun changement essayé ne donne un bénévole à cet élève ({n} essayés)"},
    "explain.text.no_problem": {"en": "  (fixes not computed: {why})",
                                "fr": "  (solutions non calculées : {why})"},
    "explain.text.backups": {"en": "  backup volunteers with room if {m} leaves:",
                             "fr": "  bénévoles de secours, avec de la place, si {m} part :"},
    "explain.text.no_backup": {
        "en": "  no volunteer with room could take this pupil if {m} leaves",
        "fr": "  aucun bénévole avec de la place ne pourrait prendre cet élève si {m} part"},
    "explain.text.extra": {"en": "extra cost", "fr": "surcoût"},
    # --- soft cost criteria (each term of candidates.costs.TERMS), in explain's table -------
    "criterion.distance": {"en": "distance", "fr": "distance"},
    "criterion.remote": {"en": "remote", "fr": "à distance"},
    "criterion.subject_rank": {"en": "subject rank", "fr": "rang de la matière"},
    "criterion.level_gap": {"en": "level gap", "fr": "écart de niveau"},
    "criterion.flexibility": {"en": "flexibility", "fr": "souplesse"},
    "criterion.continuity": {"en": "continuity", "fr": "continuité"},
    "criterion.territory": {"en": "territory", "fr": "territoire"},
    "criterion.association": {"en": "association", "fr": "association"},
    "criterion.session_time": {"en": "session time", "fr": "horaire de la séance"},
    "criterion.load_balance": {"en": "load balance", "fr": "équilibre de la charge"},
    # --- mentormatch recruit (cli/recruit.py) ------------------------------------------------
    "recruit.help": {"en": "volunteer profiles to recruit, from a match's output",
                     "fr": "profils de bénévoles à recruter, d'après les sorties d'un "
                           "appariement"},
    "recruit.description": {
        "en": "List the volunteer profiles (subject, level, place, weekly window) whose "
              "recruitment would match the most priority-weighted pupils, each gain verified "
              "by re-solving, from the result.json written by 'mentormatch match' in OUTDIR "
              "and its input files.",
        "fr": "Liste les profils de bénévoles (matière, niveau, lieu, créneau de la semaine) "
              "dont le recrutement apparierait le plus d'élèves (pondérés par priorité), "
              "chaque gain étant vérifié en re-résolvant, à partir du result.json écrit par "
              "'mentormatch match' dans OUTDIR et de ses fichiers d'entrée."},
    "recruit.opt.outdir": {"en": "output directory of 'mentormatch match'",
                           "fr": "dossier de sortie de 'mentormatch match'"},
    "recruit.opt.top": {"en": "how many profiles to list (default 10)",
                        "fr": "nombre de profils à lister (10 par défaut)"},
    "recruit.opt.lang": {"en": "language (default: the one used by match)",
                         "fr": "langue (par défaut : celle de l'appariement)"},
    "recruit.no_inputs": {"en": "cannot recruit without the input files: {why}",
                          "fr": "impossible de proposer des recrutements sans les fichiers "
                                "d'entrée : {why}"},
    "recruit.title": {"en": "Volunteers to recruit (gains verified by re-solving the match "
                            "with them):",
                      "fr": "Bénévoles à recruter (gains vérifiés en re-résolvant "
                            "l'appariement avec eux) :"},
    "recruit.none": {"en": "No volunteer profile tried would match more pupils.",
                     "fr": "Aucun profil de bénévole essayé n'apparierait plus d'élèves."},
    # --- mentormatch template (cli/template.py) ----------------------------------------------
    "template.help": {"en": "write an empty students and mentors file to fill in",
                      "fr": "écrire un fichier d'élèves et de bénévoles vide à remplir"},
    "template.description": {
        "en": "Write the input template: a students sheet and a mentors sheet with every "
              "column and one example row, and a sheet explaining each column (.xlsx, needs "
              "the xlsx extra), or two CSV files when OUT ends with .csv.",
        "fr": "Écrit le modèle des fichiers d'entrée : une feuille des élèves et une feuille "
              "des bénévoles avec toutes les colonnes et une ligne d'exemple, et une feuille "
              "qui explique chaque colonne (.xlsx, extra xlsx nécessaire), ou deux fichiers "
              "CSV quand OUT finit par .csv."},
    "template.opt.out": {"en": "modele.xlsx (one workbook) or modele.csv (two files)",
                         "fr": "modele.xlsx (un classeur) ou modele.csv (deux fichiers)"},
    "template.opt.lang": {"en": "language of the headers and explanations (default fr)",
                          "fr": "langue des en-têtes et des explications (fr par défaut)"},
    "template.opt.overwrite": {"en": "replace existing files",
                               "fr": "remplacer les fichiers existants"},
    "template.written": {"en": "Template written: {files}", "fr": "Modèle écrit : {files}"},
    "template.exists": {"en": "{path} exists; use --overwrite to replace it",
                        "fr": "{path} existe déjà ; --overwrite pour le remplacer"},
    "template.suffix": {
        "en": "the template is written as .xlsx or .csv (two files), not {suffix!r}",
        "fr": "le modèle s'écrit en .xlsx ou en .csv (deux fichiers), pas {suffix!r}"},
    # --- notebook cards (domain/_display.py, result/display.py, scenarios.py) ----------------
    "display.problem": {"en": "Matching problem", "fr": "Problème d'appariement"},
    "display.pupils": {"en": "pupils", "fr": "élèves"},
    "display.volunteers": {"en": "volunteers", "fr": "bénévoles"},
    "display.places": {"en": "places", "fr": "places"},
    "display.no_device": {"en": "without a device or connection", "fr": "sans équipement"},
    "display.remote_only": {"en": "remote only", "fr": "à distance seulement"},
    "display.tags": {"en": "pupils by priority tag", "fr": "élèves par priorité"},
    "display.policy": {"en": "Policy", "fr": "Règles"},
    "display.policy_default": {"en": "defaults", "fr": "par défaut"},
    "display.changed": {"en": "changed from the defaults",
                        "fr": "modifié par rapport aux défauts"},
    "display.result": {"en": "Match", "fr": "Appariement"},
    "display.summary": {"en": "Match summary", "fr": "Résumé de l'appariement"},
    "display.matched": {"en": "matched", "fr": "appariés"},
    "display.weighted": {"en": "priority-weighted", "fr": "pondéré par priorité"},
    "display.priority": {"en": "priority pupils matched", "fr": "élèves prioritaires appariés"},
    "display.unmatched": {"en": "unmatched", "fr": "sans binôme"},
    "display.used": {"en": "volunteers used", "fr": "bénévoles mobilisés"},
    "display.cost": {"en": "total cost", "fr": "coût total"},
    "display.certificate": {"en": "Certificate", "fr": "Certificat"},
    "display.optimal": {"en": "optimal, proven", "fr": "optimal, prouvé"},
    "display.not_optimal": {"en": "not proven optimal", "fr": "optimalité non prouvée"},
    "display.gap": {"en": "gap", "fr": "écart"},
    "display.rounds": {"en": "rounds", "fr": "tours"},
    "display.reasons": {"en": "top reasons", "fr": "principales raisons"},
    "display.coverage_by_tag": {"en": "coverage by priority tag",
                                "fr": "couverture par priorité"},
    "display.comparison": {"en": "Comparison", "fr": "Comparaison"},
    "display.gained": {"en": "gained a mentor", "fr": "ont gagné un binôme"},
    "display.lost": {"en": "lost their mentor", "fr": "ont perdu leur binôme"},
    "display.changed_mentor": {"en": "changed mentor", "fr": "ont changé de bénévole"},
    "display.none": {"en": "(none)", "fr": "(aucune)"},
    # --- kept columns, as ``validate`` reports them (io/columns.py, cli/validate.py) ---------
    "columns.kept_columns": {
        "en": "{file}: columns kept as they are (not used for matching): {names}",
        "fr": "{file} : colonnes conservées telles quelles (non utilisées pour "
              "l'appariement) : {names}"},
    "columns.no_kept_columns": {
        "en": "{file}: no column kept besides the matching fields",
        "fr": "{file} : aucune colonne conservée en dehors des champs d'appariement"},
    "columns.close_column": {
        "en": "{file}: column {name!r} is kept as is, but its name is close to the column "
              "{field!r} ({french}): is it a typo? (--strict makes unknown columns errors)",
        "fr": "{file} : la colonne {name!r} est conservée telle quelle, mais son nom est "
              "proche de la colonne {french!r} ({field}) : faute de frappe ? (--strict "
              "refuse les colonnes inconnues)"},
    "columns.warning": {"en": "warning", "fr": "attention"},
    # --- the report's recruitment section (report/recruitment.py) ----------------------------
    "report.recruit.title": {"en": "Volunteers to recruit", "fr": "Bénévoles à recruter"},
    "report.recruit.note": {
        "en": "Each line was verified by re-solving the whole match with these volunteers "
              "added (capacity of the median volunteer); gains are not additive.",
        "fr": "Chaque ligne a été vérifiée en re-résolvant tout l'appariement avec ces "
              "bénévoles en plus (capacité du bénévole médian) ; les gains ne "
              "s'additionnent pas."},
    "report.recruit.profile": {"en": "Profile", "fr": "Profil"},
    "report.recruit.gain": {"en": "Pupils matched", "fr": "Élèves appariés"},
    "report.recruit.priority": {"en": "of them priority", "fr": "dont prioritaires"},
    "report.recruit.weight": {"en": "Priority weight", "fr": "Poids de priorité"},
    "report.recruit.none": {"en": "No volunteer profile tried would match more pupils.",
                            "fr": "Aucun profil de bénévole essayé n'apparierait plus "
                                  "d'élèves."},
    # --- changes since the pairs in force (result/changes.py) --------------------------------
    "changes.title": {"en": "Changes since the last match",
                      "fr": "Changements depuis le dernier appariement"},
    "changes.kept": {"en": "kept", "fr": "maintenus"},
    "changes.moved": {"en": "moved", "fr": "déplacés"},
    "changes.new": {"en": "new", "fr": "nouveaux"},
    "changes.ended": {"en": "ended", "fr": "terminés"},
    "changes.left": {"en": "left", "fr": "partis"},
    "changes.new_session": {"en": "new session, same volunteer",
                            "fr": "nouvelle séance, même bénévole"},
    "changes.new_mentor": {"en": "new volunteer", "fr": "nouveau bénévole"},
    "changes.matched": {"en": "matched", "fr": "apparié"},
    "changes.unmatched": {"en": "not matched", "fr": "non apparié"},
    "changes.mentor_left": {"en": "the volunteer left", "fr": "le bénévole est parti"},
    "changes.mentor_unavailable": {"en": "the volunteer is no longer free at that time",
                                   "fr": "le bénévole n'est plus disponible à ce créneau"},
    "changes.capacity_lowered": {"en": "the volunteer's capacity was lowered",
                                 "fr": "la capacité du bénévole a baissé"},
    "changes.rule_no_longer_met": {"en": "a rule no longer holds: {rule}",
                                   "fr": "une règle n'est plus respectée : {rule}"},
    "changes.not_kept": {"en": "not kept by a fresh optimisation",
                         "fr": "non maintenu par une optimisation à neuf"},
    "changes.counts": {"en": "Changes: {kept} kept, {moved} moved, {new} new, {ended} ended, "
                             "{left} left",
                       "fr": "Changements : {kept} maintenus, {moved} déplacés, {new} "
                             "nouveaux, {ended} terminés, {left} partis"},
    "changes.student": {"en": "pupil", "fr": "élève"},
    "changes.kind": {"en": "change", "fr": "changement"},
    "changes.reason": {"en": "why", "fr": "pourquoi"},
    "changes.before": {"en": "before", "fr": "avant"},
    "changes.after": {"en": "now", "fr": "maintenant"},
    "changes.more": {"en": "{n} more in changes.csv.", "fr": "{n} de plus dans changes.csv."},
    # --- the travel-radius line of match's summary (result/radius.py) ------------------------
    "radius.label": {"en": "Travel radius:            ", "fr": "Rayon de déplacement :    "},
    "radius.own": {"en": "own radius of {n} volunteer(s)",
                   "fr": "rayon propre de {n} bénévole(s)"},
    "radius.default": {"en": "default {km} km for {n} volunteer(s) without one",
                       "fr": "{km} km par défaut pour {n} bénévole(s) sans rayon"},
    "radius.default_unused": {
        "en": "the default ({km} km, default_travel_km) is not used: every volunteer meeting "
              "in person gave a radius (set max_travel_km to cap them)",
        "fr": "le rayon par défaut ({km} km, default_travel_km) ne sert pas : chaque "
              "bénévole en présentiel a donné le sien (max_travel_km permet de les plafonner)"},
    "radius.cap": {"en": "capped at {km} km by max_travel_km ({n} radius(es) reduced)",
                   "fr": "plafonné à {km} km par max_travel_km ({n} rayon(s) réduit(s))"},
    "radius.none": {"en": "no volunteer meets in person", "fr": "aucun bénévole en présentiel"},
    "radius.sep": {"en": "; ", "fr": " ; "},
    # --- what-if answers: fixes and their verified outcome (whatif/) -------------------------
    "whatif.radius": {"en": "volunteer {mentor} agrees to travel {km} km (instead of {was} km)",
                      "fr": "le bénévole {mentor} accepte de se déplacer jusqu'à {km} km "
                            "(au lieu de {was} km)"},
    "whatif.equipment": {"en": "lend the pupil {what}: remote sessions become possible",
                         "fr": "prêter à l'élève {what} : le distanciel devient possible"},
    "whatif.device": {"en": "a device", "fr": "une tablette"},
    "whatif.connection": {"en": "a connection", "fr": "une connexion"},
    "whatif.device+connection": {"en": "a device and a connection",
                                 "fr": "une tablette et une connexion"},
    "whatif.availability": {"en": "the pupil adds one availability window: {window}",
                            "fr": "l'élève ajoute un créneau : {window}"},
    "whatif.level": {"en": "accept a volunteer teaching up to {level} (the next level {way})",
                     "fr": "accepter un bénévole qui enseigne jusqu'au niveau {level} "
                           "(le niveau {way})"},
    "whatif.way_down": {"en": "down", "fr": "en dessous"},
    "whatif.way_up": {"en": "up", "fr": "au-dessus"},
    "whatif.subject": {"en": "accept {subject} as well (close to {need})",
                       "fr": "accepter aussi {subject} (proche de {need})"},
    "whatif.capacity": {"en": "volunteer {mentor} takes one more pupil (capacity {was} → {now})",
                        "fr": "le bénévole {mentor} prend un élève de plus (capacité {was} → "
                              "{now})"},
    "whatif.outcome_matched": {"en": "paired with {mentor}, {session}",
                               "fr": "en binôme avec {mentor}, {session}"},
    "whatif.outcome_not": {"en": "still unmatched", "fr": "toujours sans bénévole"},
    "whatif.displaced_none": {"en": "nobody else changes", "fr": "aucun autre élève ne change"},
    "whatif.displaced": {"en": "{n} other pupil(s) change or lose their pair: {ids}",
                         "fr": "{n} autre(s) élève(s) change(nt) ou perd(ent) son binôme : "
                               "{ids}"},
    # --- equipment lent (report/equipment.py) -----------------------------------------------
    "equipment.title": {"en": "Equipment lent", "fr": "Équipement prêté"},
    "equipment.intro": {
        "en": "Tablets and 4G keys lent jointly with the pairing: {items} items to {pupils} "
              "pupils, who could not be paired remotely without them. Certificate: objective "
              "{objective}, bound {bound} ({kind}), gap {gap}.",
        "fr": "Tablettes et clés 4G prêtées en même temps que l'appariement : {items} "
              "équipements pour {pupils} élèves, qui ne pouvaient pas être suivis à distance "
              "sans eux. Certificat : objectif {objective}, borne {bound} ({kind}), écart {gap}."},
    "equipment.kind_relaxation": {"en": "relaxation: stock unlimited",
                                  "fr": "relaxation : stock illimité"},
    "equipment.kind_lagrangian": {"en": "Lagrangian", "fr": "lagrangienne"},
    "equipment.kind_milp": {"en": "MILP of the whole graph", "fr": "PLNE du graphe entier"},
    "equipment.kind_fixing": {"en": "MILP over the arcs within the gap",
                              "fr": "PLNE sur les arcs dans l'écart"},
    "equipment.kind_loans": {"en": "MILP over the loan decisions",
                             "fr": "PLNE sur les décisions de prêt"},
    "equipment.scope": {"en": "Stock", "fr": "Stock"},
    "equipment.devices": {"en": "Tablets (lent / available)",
                          "fr": "Tablettes (prêtées / disponibles)"},
    "equipment.connections": {"en": "4G keys (lent / available)",
                              "fr": "Clés 4G (prêtées / disponibles)"},
    "equipment.reached": {"en": "Pupils reached", "fr": "Élèves atteints"},
    "equipment.m_dev": {"en": "+1 tablet (verified gain, weight)",
                        "fr": "+1 tablette (gain vérifié, poids)"},
    "equipment.m_con": {"en": "+1 key (verified gain, weight)",
                        "fr": "+1 clé (gain vérifié, poids)"},
    "equipment.marginal_title": {"en": "What more equipment would bring (verified by re-solving)",
                       "fr": "Ce qu'apporterait plus d'équipement (vérifié en résolvant à "
                             "nouveau)"},
    "equipment.marginal_note": {
        "en": "Marginal value: the priority weight (one pupil weighs at least the base weight) "
              "and the pupils matched more when the match is re-solved with one more item in "
              "that stock; exact when both solves are certified. The stocks re-solved are those "
              "of largest Lagrange multiplier: the multiplier (last column) only ranks them, it "
              "is not a marginal value. A dash: not re-solved.",
        "fr": "Valeur marginale : le poids de priorité (un élève pèse au moins le poids de "
              "base) et les élèves appariés en plus quand l'appariement est résolu à nouveau "
              "avec un équipement de plus dans ce stock ; exacte quand les deux résolutions "
              "sont certifiées. Les stocks résolus à nouveau sont ceux de plus grand "
              "multiplicateur de Lagrange : le multiplicateur (dernière colonne) ne sert qu'à "
              "les classer, ce n'est pas une valeur marginale. Un tiret : non résolu à nouveau."},
    "equipment.item": {"en": "Item", "fr": "Équipement"},
    "equipment.estimate": {"en": "Ranking (multiplier, weight)",
                           "fr": "Classement (multiplicateur, poids)"},
    "equipment.gain_weight": {"en": "Marginal value (weight, re-solved)",
                              "fr": "Valeur marginale (poids, résolu à nouveau)"},
    "equipment.gain_pupils": {"en": "Pupils more (re-solved)",
                              "fr": "Élèves en plus (résolu à nouveau)"},
    "equipment.exact": {"en": "Exact", "fr": "Exacte"},
    "equipment.yes": {"en": "yes", "fr": "oui"},
    "equipment.no": {"en": "no (a gap remains)", "fr": "non (un écart subsiste)"},
    "equipment.device": {"en": "tablet", "fr": "tablette"},
    "equipment.connection": {"en": "4G key", "fr": "clé 4G"},
    "equipment.line": {"en": "Equipment: {items} items lent to {pupils} pupils (gap {gap}).",
             "fr": "Équipement : {items} équipements prêtés à {pupils} élèves (écart {gap})."},
}
