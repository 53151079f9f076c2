"""Words of the HTML report (``report.*``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "report.title": {"en": "mentormatch — pairing report",
                     "fr": "mentormatch — rapport de répartition"},
    "report.demo_title": {"en": "mentormatch — demo pairing report",
                          "fr": "mentormatch — rapport de répartition (démonstration)"},
    "report.subtitle": {"en": "{n} pupils, {m} volunteers", "fr": "{n} élèves, {m} bénévoles"},
    "report.no_data": {"en": "No data.", "fr": "Aucune donnée."},
    "report.footer": {"en": "Made with mentormatch {version}: optimal pairing, certified by "
                            "LP duality.",
                      "fr": "Réalisé avec mentormatch {version} : répartition optimale, "
                            "prouvée par dualité linéaire."},
    "report.printed": {"en": "Printed report: the summary on page 1, then the list of pairs, "
                             "the pupils without a volunteer, and the details.",
                       "fr": "Rapport imprimable : le résumé en page 1, puis la liste des "
                             "binômes, les élèves sans binôme et le détail."},
    # navigation
    "report.nav.overview": {"en": "Overview", "fr": "Résumé"},
    "report.nav.pairs": {"en": "Pairs", "fr": "Binômes"},
    "report.nav.unmatched": {"en": "Unmatched", "fr": "Sans binôme"},
    "report.nav.reasons": {"en": "Reasons", "fr": "Raisons"},
    "report.nav.territory": {"en": "Territories", "fr": "Territoires"},
    "report.nav.priority": {"en": "Priority", "fr": "Priorités"},
    "report.nav.level": {"en": "Levels", "fr": "Niveaux"},
    "report.nav.subject": {"en": "Subjects", "fr": "Matières"},
    "report.nav.mentors": {"en": "Volunteers", "fr": "Bénévoles"},
    "report.nav.certificate": {"en": "Certificate", "fr": "Certificat"},
    # overview
    "report.overview.title": {"en": "Overview", "fr": "Résumé"},
    "report.overview.donut": {"en": "share of pupils matched",
                              "fr": "part des élèves accompagnés"},
    "report.card.pupils": {"en": "pupils matched", "fr": "élèves accompagnés"},
    "report.card.share": {"en": "of pupils matched", "fr": "des élèves accompagnés"},
    "report.card.priority": {"en": "priority pupils matched",
                             "fr": "élèves prioritaires accompagnés"},
    "report.card.weighted": {"en": "priority-weighted coverage",
                             "fr": "couverture pondérée par les priorités"},
    "report.card.volunteers": {"en": "volunteers with a pupil",
                               "fr": "bénévoles avec un élève"},
    "report.card.places": {"en": "places filled", "fr": "places occupées"},
    "report.verdict.optimal": {"en": "certified optimal",
                               "fr": "répartition optimale prouvée"},
    "report.verdict.time_limit": {"en": "stopped by the time limit, not proven optimal",
                                  "fr": "arrêtée par la limite de temps, optimalité non "
                                        "prouvée"},
    "report.result_line": {"en": "Result: {verdict} (gap {gap}; {rounds}; backend {backend}).",
                           "fr": "Résultat : {verdict} (écart {gap} ; {rounds} ; solveur "
                                 "{backend})."},
    "report.round": {"en": "{n} solve-and-price round", "fr": "{n} tour de résolution"},
    "report.rounds": {"en": "{n} solve-and-price rounds", "fr": "{n} tours de résolution"},
    "report.plain.optimal": {
        "en": "Proven optimal pairing: no other pairing serves more priority pupils, and "
              "among those that serve as many, none has a lower total cost.",
        "fr": "Répartition optimale prouvée : aucune autre ne suit plus d'élèves "
              "prioritaires, et parmi celles qui en suivent autant, aucune ne coûte moins."},
    "report.plain.time_limit": {
        "en": "The pairing respects every rule but was stopped by its time limit: it is not "
              "proven optimal.",
        "fr": "La répartition respecte toutes les règles mais a été arrêtée par la limite "
              "de temps : elle n'est pas prouvée optimale."},
    "report.plain.failed": {"en": "The certificate failed: {status}.",
                            "fr": "Le certificat a échoué : {status}."},
    "report.overview.unmatched": {
        "en": "{n} pupils have no volunteer yet; the list on the following pages says what "
              "would help each of them.",
        "fr": "{n} élèves n'ont pas encore de bénévole ; la liste des pages suivantes "
              "indique ce qui aiderait chacun."},
    "report.overview.main_reasons": {"en": "Main reasons", "fr": "Raisons principales"},
    # pairs
    "report.pairs.title": {"en": "List of pairs", "fr": "Liste des binômes"},
    "report.pairs.intro": {"en": "{n} pairs, by association then territory.",
                           "fr": "{n} binômes, par association puis par territoire."},
    "report.pairs.none": {"en": "No pair.", "fr": "Aucun binôme."},
    "report.pairs.pupil": {"en": "Pupil", "fr": "Élève"},
    "report.pairs.volunteer": {"en": "Volunteer", "fr": "Bénévole"},
    "report.pairs.subject": {"en": "Subject", "fr": "Matière"},
    "report.pairs.when": {"en": "Day and time", "fr": "Jour et heure"},
    "report.pairs.modality": {"en": "Modality", "fr": "Modalité"},
    "report.pairs.distance": {"en": "Distance", "fr": "Distance"},
    "report.pairs.no_association": {"en": "(no association)", "fr": "(sans association)"},
    "report.pairs.no_territory": {"en": "(no territory)", "fr": "(sans territoire)"},
    "report.pairs.group": {"en": "{name} — {n} pairs", "fr": "{name} — {n} binômes"},
    "report.pairs.time": {"en": "{day} {start}–{end}", "fr": "{day} {start}–{end}"},
    # coverage
    "report.coverage.territory": {"en": "Coverage by territory",
                                  "fr": "Couverture par territoire"},
    "report.coverage.priority": {"en": "Coverage by priority tag",
                                 "fr": "Couverture par priorité"},
    "report.coverage.level": {"en": "Coverage by school level",
                              "fr": "Couverture par niveau scolaire"},
    "report.coverage.subject": {"en": "Coverage by main need",
                                "fr": "Couverture par besoin principal"},
    "report.coverage.h_territory": {"en": "Territory", "fr": "Territoire"},
    "report.coverage.h_priority": {"en": "Priority tag", "fr": "Priorité"},
    "report.coverage.h_level": {"en": "Level", "fr": "Niveau"},
    "report.coverage.h_subject": {"en": "Subject or theme", "fr": "Matière ou thème"},
    "report.coverage.note_territory": {
        "en": "Pupils without a territory code are under {none}.",
        "fr": "Les élèves sans code de territoire sont sous {none}."},
    "report.coverage.note_priority": {
        "en": "A pupil with several tags counts under each of them.",
        "fr": "Un élève avec plusieurs priorités compte sous chacune."},
    "report.coverage.note_subject": {
        "en": "Main need: the first subject the pupil asked for.",
        "fr": "Besoin principal : la première matière demandée par l'élève."},
    "report.coverage.chart": {"en": "{title}: matched and unmatched pupils",
                              "fr": "{title} : élèves accompagnés et sans binôme"},
    "report.coverage.more": {
        "en": "Chart shows the {k} largest groups of {n}; the table lists them all.",
        "fr": "Le graphique montre les {k} plus grands groupes sur {n} ; le tableau les "
              "liste tous."},
    "report.col.pupils": {"en": "Pupils", "fr": "Élèves"},
    "report.col.matched": {"en": "Matched", "fr": "Accompagnés"},
    "report.col.unmatched": {"en": "Unmatched", "fr": "Sans binôme"},
    "report.col.share": {"en": "Share matched", "fr": "Part accompagnée"},
    "report.col.weighted": {"en": "Priority-weighted share", "fr": "Part pondérée"},
    "report.legend.matched": {"en": "matched", "fr": "accompagnés"},
    "report.legend.unmatched": {"en": "unmatched", "fr": "sans binôme"},
    # mentors
    "report.mentors.title": {"en": "Volunteer utilisation", "fr": "Occupation des bénévoles"},
    "report.mentors.intro": {
        "en": "{n} volunteers offer {capacity} places; {load} are filled ({share}). {idle} "
              "volunteers have no pupil; {full} are full.",
        "fr": "{n} bénévoles offrent {capacity} places ; {load} sont occupées ({share}). "
              "{idle} bénévoles n'ont pas d'élève ; {full} sont complets."},
    "report.mentors.per": {"en": "Number of pupils per volunteer",
                           "fr": "Nombre d'élèves par bénévole"},
    "report.mentors.per_chart": {"en": "Volunteers by number of pupils",
                                 "fr": "Bénévoles par nombre d'élèves"},
    "report.mentors.pupil": {"en": "{k} pupil", "fr": "{k} élève"},
    "report.mentors.pupils": {"en": "{k} pupils", "fr": "{k} élèves"},
    "report.mentors.share": {"en": "Share of capacity used",
                             "fr": "Part de la capacité utilisée"},
    "report.mentors.share_chart": {"en": "Volunteers by share of capacity used",
                                   "fr": "Bénévoles par part de capacité utilisée"},
    "report.mentors.of_capacity": {"en": "{k} of capacity", "fr": "{k} de la capacité"},
    "report.mentors.by_association": {"en": "By association", "fr": "Par association"},
    "report.mentors.h_association": {"en": "Association", "fr": "Association"},
    "report.mentors.h_volunteers": {"en": "Volunteers", "fr": "Bénévoles"},
    "report.mentors.h_places": {"en": "Places", "fr": "Places"},
    "report.mentors.h_pupils": {"en": "Pupils", "fr": "Élèves"},
    "report.mentors.h_idle": {"en": "Idle volunteers", "fr": "Bénévoles sans élève"},
    "report.mentors.h_utilisation": {"en": "Utilisation", "fr": "Occupation"},
    "report.mentors.idle": {"en": "Idle volunteers: {ids}", "fr": "Bénévoles sans élève : {ids}"},
    # reasons
    "report.reasons.title": {"en": "Why pupils are unmatched",
                             "fr": "Pourquoi des élèves sont sans binôme"},
    "report.reasons.all": {"en": "Every pupil is matched.", "fr": "Chaque élève a un binôme."},
    "report.reasons.chart": {"en": "Unmatched pupils by main reason",
                             "fr": "Élèves sans binôme par raison principale"},
    "report.reasons.intro": {
        "en": "{n} pupils have no volunteer. A pupil may have several reasons; the chart "
              "counts the main one.",
        "fr": "{n} élèves n'ont pas de bénévole. Un élève peut avoir plusieurs raisons ; le "
              "graphique compte la principale."},
    "report.reasons.h_reason": {"en": "Reason", "fr": "Raison"},
    "report.reasons.h_code": {"en": "Code", "fr": "Code"},
    "report.reasons.h_pupils": {"en": "Pupils", "fr": "Élèves"},
    "report.reasons.last": {
        "en": "Pupils with no possible volunteer: the rule that removed the last ones",
        "fr": "Élèves sans bénévole possible : la règle qui a écarté les derniers"},
    "report.reasons.last_chart": {"en": "Last eliminating rule",
                                  "fr": "Dernière règle éliminatoire"},
    "report.reasons.per_rule": {
        "en": "Volunteers eliminated per hard rule (summed over those pupils)",
        "fr": "Bénévoles écartés par règle (sommés sur ces élèves)"},
    "report.reasons.order": {
        "en": "Rules apply in a fixed order; each counts the volunteers still standing.",
        "fr": "Les règles s'appliquent dans un ordre fixe ; chacune compte les bénévoles "
              "encore possibles."},
    "report.reasons.h_rule": {"en": "Rule", "fr": "Règle"},
    "report.reasons.h_eliminated": {"en": "Volunteers eliminated", "fr": "Bénévoles écartés"},
    # unmatched
    "report.unmatched.title": {"en": "Unmatched pupils", "fr": "Élèves sans binôme"},
    "report.unmatched.intro": {
        "en": "Highest priority first, with what would help.",
        "fr": "Les plus prioritaires d'abord, avec ce qui aiderait."},
    "report.unmatched.first": {
        "en": "First {k} of {n} (highest priority first); unmatched.csv lists them all.",
        "fr": "Les {k} premiers sur {n} (les plus prioritaires d'abord) ; unmatched.csv les "
              "liste tous."},
    "report.unmatched.none": {"en": "None.", "fr": "Aucun."},
    "report.unmatched.h_pupil": {"en": "Pupil (priority tags)", "fr": "Élève (priorités)"},
    "report.unmatched.h_level": {"en": "Level", "fr": "Niveau"},
    "report.unmatched.h_territory": {"en": "Territory", "fr": "Territoire"},
    "report.unmatched.h_reasons": {"en": "Reasons", "fr": "Raisons"},
    "report.unmatched.h_action": {"en": "What would help", "fr": "Ce qui aiderait"},
    # certificate
    "report.certificate.title": {"en": "Certificate of optimality",
                                 "fr": "Certificat d'optimalité"},
    "report.certificate.optimal": {"en": "Optimal", "fr": "Optimale"},
    "report.certificate.status": {"en": "Status", "fr": "Statut"},
    "report.certificate.objective": {"en": "Objective (quantised cost units)",
                                     "fr": "Objectif (unités de coût entières)"},
    "report.certificate.bound": {"en": "Dual bound", "fr": "Borne duale"},
    "report.certificate.gap": {"en": "Gap", "fr": "Écart"},
    "report.certificate.rounds": {"en": "Solve-and-price rounds", "fr": "Tours de résolution"},
    "report.certificate.priced": {"en": "Pruned pairs priced",
                                  "fr": "Binômes écartés vérifiés"},
    "report.certificate.arcs": {"en": "Arcs in the last network solved",
                                "fr": "Arcs du dernier réseau résolu"},
    "report.certificate.feasible": {"en": "Feasible pupil–volunteer pairs",
                                    "fr": "Binômes élève–bénévole possibles"},
    "report.certificate.backend": {"en": "Backend", "fr": "Solveur"},
    "report.yes": {"en": "yes", "fr": "oui"},
    "report.no": {"en": "no", "fr": "non"},
    "report.certificate.explain": {
        "en": "The objective first matches as many pupils as possible, weighted by priority, "
              "then minimises the total cost of the soft criteria. The dual bound is a lower "
              "bound on every possible solution; a gap of 0 with every pruned pair priced "
              "proves no other pairing is better.",
        "fr": "L'objectif accompagne d'abord le plus d'élèves possible, pondérés par leurs "
              "priorités, puis minimise le coût total des critères souples. La borne duale "
              "minore toute solution possible ; un écart nul, chaque binôme écarté vérifié, "
              "prouve qu'aucune autre répartition n'est meilleure."},
    "report.certificate.explain_time_limit": {
        "en": " This match was stopped by its time limit: the pairing is complete and "
              "respects every rule, but it is not proven optimal; no pairing can have an "
              "objective below the dual bound, so the gap bounds what was left.",
        "fr": " Ce calcul a été arrêté par sa limite de temps : la répartition est complète "
              "et respecte toutes les règles, mais n'est pas prouvée optimale ; aucune "
              "répartition ne peut avoir un objectif sous la borne duale, l'écart borne donc "
              "ce qui reste à gagner."},
    # timings
    "report.timings.title": {"en": "Timings", "fr": "Durées"},
    "report.timings.stage": {"en": "Stage", "fr": "Étape"},
    "report.timings.seconds": {"en": "Seconds", "fr": "Secondes"},
}
