"""Words of the command line: help, progress, the printed summary, usage errors.

Keys: ``cli.*`` (the main parser and argparse's own words), ``<command>.*``
(one family per command: ``match.help``, ``match.description``,
``match.opt.<dest>``...), ``progress.*``, ``summary.*``, ``usage.*``.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- the main parser and argparse's own words -------------------------------------------
    "cli.description": {
        "en": "Optimal, certified, explainable pairing of pupils with volunteer mentors and "
              "tutors.",
        "fr": "Répartition optimale, prouvée et expliquée des élèves entre les bénévoles "
              "(mentors et tuteurs).",
    },
    "cli.epilog": {
        "en": "exit codes:\n"
              "  0  success\n"
              "  1  input errors (every problem is listed with its file, row and column)\n"
              "  2  usage errors (bad option, missing file, output that would overwrite an "
              "input,\n     missing optional extra)\n"
              "  3  internal error (a bug: please report it with --debug output)\n"
              "  4  too large for the memory available (the message says how to make it "
              "smaller)\n\nDocumentation: docs/cli.md",
        "fr": "codes de sortie :\n"
              "  0  réussite\n"
              "  1  erreurs dans les fichiers (chaque problème avec son fichier, sa ligne et "
              "sa colonne)\n"
              "  2  erreur d'utilisation (option inconnue, fichier absent, dossier de sortie "
              "déjà rempli,\n     extension facultative manquante)\n"
              "  3  erreur interne (un bogue : merci de le signaler avec la sortie de "
              "--debug)\n"
              "  4  trop grand pour la mémoire disponible (le message dit comment réduire)\n"
              "\nDocumentation : docs/cli.md",
    },
    "cli.opt.version": {"en": "show the version and exit",
                        "fr": "afficher la version et quitter"},
    "cli.opt.debug": {"en": "show the traceback of an internal error",
                      "fr": "afficher la trace d'une erreur interne"},
    "cli.opt.lang": {
        "en": "language of everything printed and written: en or fr (default: "
              "MENTORMATCH_LANG, else the locale, else en)",
        "fr": "langue de tout ce qui est affiché et écrit : en ou fr (par défaut : "
              "MENTORMATCH_LANG, sinon la langue du système, sinon en)",
    },
    "cli.commands": {"en": "commands", "fr": "commandes"},
    "argparse.usage: ": {"en": "usage: ", "fr": "utilisation : "},
    "argparse.positional arguments": {"en": "positional arguments", "fr": "arguments"},
    "argparse.options": {"en": "options", "fr": "options"},
    "argparse.show this help message and exit": {
        "en": "show this help message and exit", "fr": "afficher cette aide et quitter"},
    "argparse.the following arguments are required: %s": {
        "en": "the following arguments are required: %s",
        "fr": "arguments obligatoires manquants : %s"},
    "argparse.unrecognized arguments: %s": {
        "en": "unrecognized arguments: %s", "fr": "arguments non reconnus : %s"},
    "argparse.invalid choice: %(value)r (choose from %(choices)s)": {
        "en": "invalid choice: %(value)r (choose from %(choices)s)",
        "fr": "choix invalide : %(value)r (choisir parmi %(choices)s)"},
    "argparse.%(prog)s: error: %(message)s\n": {
        "en": "%(prog)s: error: %(message)s\n", "fr": "%(prog)s : erreur : %(message)s\n"},
    "argparse.argument %(argument_name)s: %(message)s": {
        "en": "argument %(argument_name)s: %(message)s",
        "fr": "argument %(argument_name)s : %(message)s"},
    "argparse.expected one argument": {"en": "expected one argument",
                                       "fr": "une valeur attendue"},
    "argparse.invalid %(type)s value: %(value)r": {
        "en": "invalid %(type)s value: %(value)r",
        "fr": "valeur invalide (%(type)s) : %(value)r"},
    # --- types -------------------------------------------------------------------------------
    "type.whole_number": {"en": "expected a whole number, got {value}",
                          "fr": "nombre entier attendu, reçu {value}"},
    "type.at_least_1": {"en": "expected a number of at least 1, got {n}",
                        "fr": "nombre d'au moins 1 attendu, reçu {n}"},
    # --- shared option help --------------------------------------------------------------------
    "opt.students_file": {"en": "students file (CSV, JSON or XLSX)",
                          "fr": "fichier des élèves (CSV, JSON ou XLSX)"},
    "opt.mentors_file": {"en": "mentors file (CSV, JSON or XLSX)",
                         "fr": "fichier des bénévoles (CSV, JSON ou XLSX)"},
    "opt.policy": {"en": "policy file (JSON or TOML)",
                   "fr": "fichier de politique (JSON ou TOML)"},
    "opt.backend": {"en": "solver backend (default: the policy's, normally auto)",
                    "fr": "solveur (par défaut : celui de la politique, normalement auto)"},
    "opt.quiet": {"en": "no progress messages on stderr (the summary still goes to stdout)",
                  "fr": "aucun message d'avancement sur stderr (le résumé reste affiché)"},
    "opt.lang": {"en": "language of everything printed and written (default: "
                       "MENTORMATCH_LANG, else the locale, else en)",
                 "fr": "langue de tout ce qui est affiché et écrit (par défaut : "
                       "MENTORMATCH_LANG, sinon la langue du système, sinon en)"},
    "opt.format": {"en": "output format", "fr": "format de sortie"},
    "opt.verbose": {"en": "progress messages on stderr even when it is not a terminal "
                         "(default: live progress on a terminal only)",
                    "fr": "messages d'avancement sur stderr même hors d'un terminal "
                          "(par défaut : avancement en direct dans un terminal seulement)"},
    "opt.strict": {"en": "unknown columns are errors instead of being kept as they are",
                   "fr": "les colonnes inconnues sont des erreurs au lieu d'être gardées telles "
                         "quelles"},
    "match.opt.previous": {
        "en": "the pairs in force: the output folder (or result.json) of the last match; they "
              "are kept as the policy's 'continuity' says (default stable) and changes.csv "
              "says what changed",
        "fr": "les binômes en cours : le dossier (ou result.json) du dernier appariement ; ils "
              "sont gardés comme le dit la « continuity » de la politique (par défaut stable) "
              "et changes.csv dit ce qui a changé"},
    "progress.previous": {"en": "reading the pairs in force from {path}",
                          "fr": "lecture des binômes en cours dans {path}"},
    "match.opt.alternates": {
        "en": "add an 'alternates' column to pairs.csv: up to K volunteers with room who could "
              "take each pupil if their mentor left (default 0: no column)",
        "fr": "ajouter une colonne « alternates » à pairs.csv : jusqu'à K bénévoles ayant de la "
              "place qui pourraient prendre l'élève si son bénévole partait (par défaut 0)"},
    "match.opt.recruit": {
        "en": "add the N volunteer profiles to recruit, each verified by re-solving, to "
              "report.html (default 0: none; see 'mentormatch recruit')",
        "fr": "ajouter au rapport les N profils de bénévoles à recruter, chacun vérifié en "
              "résolvant à nouveau (par défaut 0 ; voir « mentormatch recruit »)"},
    "explain.opt.fixes": {
        "en": "unmatched pupil: the N best changes that would get them a volunteer, each "
              "verified by re-solving (default 3; 0: none)",
        "fr": "élève sans binôme : les N meilleurs changements qui lui donneraient un bénévole, "
              "chacun vérifié en résolvant à nouveau (par défaut 3 ; 0 : aucun)"},
    "match.opt.equipment": {
        "en": "stock of tablets and 4G keys to lend (CSV or JSON: scope, devices, connections); "
              "lent jointly with the pairing, listed in equipment.csv (docs/equipment.md)",
        "fr": "stock de tablettes et de clés 4G à prêter (CSV ou JSON : portée, tablettes, "
              "connexions) ; prêté en même temps que l'appariement, listé dans equipment.csv "
              "(docs/equipment.md)"},
    "match.opt.verify_marginals": {
        "en": "with --equipment: the marginal value of one more item, by re-solving, in the N "
              "stocks of largest Lagrange multiplier (the ranking only; default 3; 0: none)",
        "fr": "avec --equipment : la valeur marginale d'un article de plus, en résolvant à "
              "nouveau, dans les N stocks de plus grand multiplicateur de Lagrange (le seul "
              "classement ; par défaut 3 ; 0 : aucun)"},
    "progress.marginals": {"en": "verifying the marginal value of equipment",
                           "fr": "vérification de la valeur marginale de l'équipement"},
    "progress.resolves": {"en": "{n} re-solves", "fr": "{n} nouvelles résolutions"},
    "match.opt.pseudonymise": {
        "en": "write IDs only: the kept input columns (names, phone, e-mail, notes) are left "
              "out of every output file",
        "fr": "n'écrire que les identifiants : les colonnes gardées (noms, téléphone, e-mail, "
              "remarques) sont absentes de tous les fichiers écrits"},
    "opt.seed": {"en": "random seed (default 0)",
                 "fr": "graine aléatoire (par défaut 0)"},
    "opt.n_mentors": {"en": "number of volunteers (default: chosen by the generator)",
                      "fr": "nombre de bénévoles (par défaut : choisi par le générateur)"},
    # --- match -------------------------------------------------------------------------------
    "match.help": {"en": "pair pupils with volunteers and write the results",
                   "fr": "former les binômes élèves-bénévoles et écrire les résultats"},
    "match.description": {
        "en": "Read the students and mentors files, find the optimal pairing and write "
              "pairs.csv, unmatched.csv, mentors.csv, summary.json, report.html and "
              "result.json (and pairs.xlsx when openpyxl is installed) into OUTDIR (all files "
              "or none). Input files are never overwritten; an existing, non-empty OUTDIR is "
              "replaced only with --overwrite.",
        "fr": "Lit les fichiers des élèves et des bénévoles, trouve la répartition optimale "
              "et écrit pairs.csv, unmatched.csv, mentors.csv, summary.json, report.html et "
              "result.json (et pairs.xlsx si openpyxl est installé) dans OUTDIR (tous les "
              "fichiers ou aucun). Les fichiers d'entrée ne sont jamais écrasés ; un OUTDIR "
              "existant et non vide n'est remplacé qu'avec --overwrite.",
    },
    "match.opt.outdir": {"en": "output directory (created if missing)",
                         "fr": "dossier de sortie (créé s'il n'existe pas)"},
    "match.opt.time_limit": {
        "en": "stop after S seconds with the best pairing found so far, marked 'time_limit' "
              "with a proven bound (default: no limit)",
        "fr": "s'arrêter après S secondes avec la meilleure répartition trouvée, marquée "
              "'time_limit' avec une borne prouvée (par défaut : sans limite)"},
    "match.opt.delimiter": {
        "en": "delimiter of the CSV files written (default comma; semicolon with --lang fr)",
        "fr": "séparateur des fichiers CSV écrits (par défaut point-virgule en français, "
              "virgule en anglais)"},
    "match.opt.title": {"en": "title of report.html", "fr": "titre de report.html"},
    "match.opt.overwrite": {
        "en": "replace the contents of an existing, non-empty OUTDIR (all at once: on "
              "failure the old folder stays whole)",
        "fr": "remplacer le contenu d'un OUTDIR existant et non vide (d'un seul coup : en "
              "cas d'échec l'ancien dossier reste intact)"},
    # --- demo --------------------------------------------------------------------------------
    "demo.help": {"en": "run the whole pipeline on built-in synthetic data",
                  "fr": "tout le traitement sur des données synthétiques intégrées"},
    "demo.description": {
        "en": "Generate a realistic synthetic scenario (pupils of priority neighbourhoods, "
              "volunteers), match it optimally and print pupils matched, the certificate, the "
              "main reasons pupils are unmatched and the time taken.",
        "fr": "Génère un scénario synthétique réaliste (élèves des quartiers prioritaires, "
              "bénévoles), le résout de façon optimale et affiche les élèves accompagnés, le "
              "certificat, les principales raisons des élèves sans binôme et la durée."},
    "demo.opt.students": {"en": "number of pupils (default 2000)",
                          "fr": "nombre d'élèves (par défaut 2000)"},
    "demo.opt.out": {"en": "also write the output files of 'match' (and the inputs as CSV) "
                           "here",
                     "fr": "écrire aussi ici les fichiers de 'match' (et les entrées en CSV)"},
    # --- validate ------------------------------------------------------------------------------
    "validate.help": {"en": "check students (and mentors) files; list every problem",
                      "fr": "vérifier les fichiers élèves (et bénévoles) ; lister chaque "
                            "problème"},
    "validate.description": {
        "en": "Read the files and report every problem found, each with its file, row and "
              "column, including checks across files (duplicate IDs, references to missing "
              "people, unknown priority tags). Exit code 1 when there is any problem.",
        "fr": "Lit les fichiers et signale chaque problème avec son fichier, sa ligne et sa "
              "colonne, y compris entre fichiers (identifiants en double, références à des "
              "personnes absentes, priorités inconnues). Code de sortie 1 s'il y a un "
              "problème."},
    "validate.opt.format": {"en": "output format (json: {'ok': ..., 'problems': [...]})",
                            "fr": "format de sortie (json : {'ok': ..., 'problems': [...]})"},
    "validate.ok": {"en": "OK — {parts}; no problem found.",
                    "fr": "OK — {parts} ; aucun problème trouvé."},
    "validate.pupils": {"en": "{name}: {n} pupils", "fr": "{name} : {n} élèves"},
    "validate.volunteers": {"en": "{name}: {n} volunteers", "fr": "{name} : {n} bénévoles"},
    # --- explain -------------------------------------------------------------------------------
    "explain.help": {"en": "explain the pairing of one pupil from a match's output",
                     "fr": "expliquer le binôme d'un élève à partir des résultats de match"},
    "explain.description": {
        "en": "Explain why a pupil got their volunteer (cost per criterion against the "
              "runner-up) or why no one, from the result.json written by 'mentormatch match' "
              "in OUTDIR.",
        "fr": "Explique pourquoi un élève a reçu son bénévole (coût par critère face au "
              "suivant) ou pourquoi personne, à partir du result.json écrit par 'mentormatch "
              "match' dans OUTDIR."},
    "explain.opt.outdir": {"en": "output directory of 'mentormatch match'",
                           "fr": "dossier de sortie de 'mentormatch match'"},
    "explain.opt.student_id": {"en": "the pupil's ID", "fr": "l'identifiant de l'élève"},
    "explain.opt.lang": {"en": "language of the reasons (default: the one used by match)",
                         "fr": "langue des raisons (par défaut : celle de match)"},
    "explain.opt.alternatives": {"en": "how many other possible volunteers to list (default 3)",
                                 "fr": "combien d'autres bénévoles possibles lister (par "
                                       "défaut 3)"},
    # --- schema --------------------------------------------------------------------------------
    "schema.help": {"en": "print the JSON Schema of the input files",
                    "fr": "afficher le schéma JSON des fichiers d'entrée"},
    "schema.description": {
        "en": "Print the JSON Schema of a students file, a mentors file (JSON arrays of "
              "objects) or a policy file; 'all' prints the three under their names; "
              "'request' and 'result' print the versioned JSON contract of a service "
              "(docs/service.md).",
        "fr": "Affiche le schéma JSON d'un fichier d'élèves, de bénévoles (tableaux JSON "
              "d'objets) ou de politique ; 'all' affiche les trois sous leur nom ; "
              "'request' et 'result' affichent le contrat JSON versionné d'un service "
              "(docs/service.md)."},
    "schema.opt.kind": {"en": "which schema (default: all)",
                        "fr": "quel schéma (par défaut : all)"},
    "schema.opt.output": {"en": "write to this file instead of stdout",
                          "fr": "écrire dans ce fichier plutôt qu'à l'écran"},
    # --- synth ---------------------------------------------------------------------------------
    "synth.help": {"en": "write synthetic students.csv and mentors.csv",
                   "fr": "écrire des fichiers synthétiques students.csv et mentors.csv"},
    "synth.description": {
        "en": "Write DIR/students.csv and DIR/mentors.csv with realistic synthetic data "
              "(priority neighbourhoods, curriculum subjects, availability patterns), in the "
              "documented CSV format. Deterministic for a seed.",
        "fr": "Écrit DIR/students.csv et DIR/mentors.csv avec des données synthétiques "
              "réalistes (quartiers prioritaires, matières du programme, disponibilités), au "
              "format CSV documenté. Déterministe pour une graine donnée."},
    "synth.opt.students": {"en": "number of pupils", "fr": "nombre d'élèves"},
    "synth.opt.out": {"en": "output directory", "fr": "dossier de sortie"},
    "synth.opt.format": {"en": "file format (default csv)",
                         "fr": "format des fichiers (par défaut csv)"},
    "synth.opt.delimiter": {"en": "CSV delimiter (default comma)",
                            "fr": "séparateur CSV (par défaut virgule)"},
    "synth.opt.force": {"en": "overwrite existing files",
                        "fr": "écraser les fichiers existants"},
    "synth.wrote": {"en": "wrote {a} ({n} pupils) and {b} ({m} volunteers)",
                    "fr": "écrit : {a} ({n} élèves) et {b} ({m} bénévoles)"},
    # --- progress ------------------------------------------------------------------------------
    "progress.done": {"en": "done", "fr": "terminé"},
    "progress.reading": {"en": "reading {a} and {b}", "fr": "lecture de {a} et {b}"},
    "progress.read": {"en": "{n} pupils, {m} volunteers", "fr": "{n} élèves, {m} bénévoles"},
    "progress.matching": {"en": "matching", "fr": "recherche de la répartition optimale"},
    "progress.pairs": {"en": "{n} pairs", "fr": "{n} binômes"},
    "progress.writing": {"en": "writing {path}", "fr": "écriture de {path}"},
    "progress.generating": {"en": "generating {n} pupils (seed {seed})",
                            "fr": "génération de {n} élèves (graine {seed})"},
    "progress.written": {"en": "Files written to {path}: {files}",
                         "fr": "Fichiers écrits dans {path} : {files}"},
    # --- printed summary -----------------------------------------------------------------------
    "summary.pupils": {
        "en": "Pupils matched:           {matched} / {total} ({share}; priority-weighted "
              "{weighted})",
        "fr": "Élèves accompagnés :      {matched} / {total} ({share} ; pondéré par les "
              "priorités {weighted})"},
    "summary.priority": {
        "en": "Priority pupils matched:  {matched} / {total} ({share})",
        "fr": "Élèves prioritaires :     {matched} / {total} ({share})"},
    "summary.volunteers": {
        "en": "Volunteers with a pupil:  {used} / {total}; places filled {load} / "
              "{capacity} ({share})",
        "fr": "Bénévoles avec un élève : {used} / {total} ; places occupées {load} / "
              "{capacity} ({share})"},
    "summary.certificate": {
        "en": "Certificate:              {verdict} (objective {objective}, dual bound {bound}, "
              "gap {gap}, {rounds}, {priced} pruned pairs priced, backend {backend})",
        "fr": "Certificat :              {verdict} (objectif {objective}, borne duale {bound}, "
              "écart {gap}, {rounds}, {priced} binômes écartés vérifiés, solveur {backend})"},
    "summary.round": {"en": "{n} round", "fr": "{n} tour"},
    "summary.rounds": {"en": "{n} rounds", "fr": "{n} tours"},
    "summary.verdict.optimal": {
        "en": "optimal",
        "fr": "répartition optimale prouvée : aucune autre ne suit plus d'élèves "
              "prioritaires"},
    "summary.verdict.time_limit": {
        "en": "stopped by the time limit, NOT proven optimal",
        "fr": "arrêtée par la limite de temps, optimalité NON prouvée"},
    "summary.verdict.failed": {"en": "NOT optimal: {status}",
                               "fr": "NON optimale : {status}"},
    "summary.reasons_head": {"en": "Main reasons unmatched:   ",
                             "fr": "Raisons principales :     "},
    "summary.reason_line": {"en": "{n} × {label} [{code}]", "fr": "{n} × {label} [{code}]"},
    "summary.last_rule": {"en": " — last rule: ", "fr": " — dernière règle : "},
    "summary.all_matched": {"en": "Main reasons unmatched:   none, every pupil is matched",
                            "fr": "Raisons principales :     aucune, chaque élève a un "
                                  "binôme"},
    "summary.time": {"en": "Time:                     {seconds} s",
                     "fr": "Durée :                   {seconds} s"},
    "summary.radius": {"en": "Travel radius:            {rule}",
                       "fr": "Rayon de déplacement :    {rule}"},
    "demo.scenario": {
        "en": "Scenario:                 {n} pupils, {m} volunteers offering {places} places",
        "fr": "Scénario :                {n} élèves, {m} bénévoles offrant {places} places"},
    "demo.territories": {"en": "Territories:              {n} (largest: {top})",
                         "fr": "Territoires :             {n} (les plus grands : {top})"},
    "demo.needs": {"en": "Main needs:               {top}",
                   "fr": "Besoins principaux :      {top}"},
    "demo.tags": {"en": "Priority tags:            {top}",
                  "fr": "Priorités :               {top}"},
    "demo.no_equipment": {"en": "Without device or connection at home: {n}",
                          "fr": "Sans équipement ou sans connexion à la maison : {n}"},
    "demo.written": {"en": "Files written to {path}: {files}, demo_students.csv, "
                           "demo_mentors.csv",
                     "fr": "Fichiers écrits dans {path} : {files}, demo_students.csv, "
                           "demo_mentors.csv"},
    # --- errors of the command line --------------------------------------------------------------
    "usage.error": {"en": "mentormatch {command}: error: {message}",
                    "fr": "mentormatch {command} : erreur : {message}"},
    "usage.internal": {"en": "mentormatch {command}: internal error (a bug, please report "
                             "it): {message}",
                       "fr": "mentormatch {command} : erreur interne (un bogue, merci de le "
                             "signaler) : {message}"},
    "usage.debug_hint": {"en": "run again with --debug to see the traceback",
                         "fr": "relancez avec --debug pour voir la trace"},
    "usage.interrupted": {"en": "mentormatch: interrupted", "fr": "mentormatch : interrompu"},
    "usage.no_such_file": {"en": "no such file: {path}", "fr": "fichier introuvable : {path}"},
    "usage.is_dir": {"en": "{path} is a directory, not a file",
                     "fr": "{path} est un dossier, pas un fichier"},
    "usage.not_a_dir": {"en": "{path} exists and is not a directory",
                        "fr": "{path} existe et n'est pas un dossier"},
    "usage.overwrites_input": {
        "en": "writing {target} would overwrite the input file {src}; choose another output "
              "directory",
        "fr": "écrire {target} écraserait le fichier d'entrée {src} ; choisissez un autre "
              "dossier de sortie"},
    "usage.not_empty": {
        "en": "{path} already holds files ({files}); nothing was written. Choose another "
              "output directory, or add --overwrite to replace its contents",
        "fr": "{path} contient déjà des fichiers ({files}) ; rien n'a été écrit. Choisissez "
              "un autre dossier de sortie, ou ajoutez --overwrite pour remplacer son contenu"},
    "usage.cannot_write": {
        "en": "cannot write the results to {path}: {reason}. Nothing was changed; choose a "
              "folder you can write to",
        "fr": "impossible d'écrire les résultats dans {path} : {reason}. Rien n'a été "
              "modifié ; choisissez un dossier où vous pouvez écrire"},
    "usage.synth_exists": {"en": "{path} exists; use --force to overwrite it",
                           "fr": "{path} existe ; ajoutez --force pour l'écraser"},
    "usage.no_pupil": {"en": "no pupil has the ID {sid} in {path}",
                       "fr": "aucun élève n'a l'identifiant {sid} dans {path}"},
}
