"""Frequencies behind the synthetic data: pupils, volunteers, availability.

Every figure says where it comes from: a section of the project's sourced
facts (``../shared/data/FACTS.md``, §n; the facts are typed in here, the file
is never read at run time), or **assumption** when no source gives it. The
assumptions are defaults chosen to look like the French tutoring and
mentoring programmes of the Cités éducatives, not measurements.

Shares are given as weights; they are normalised where they are used.
"""

from __future__ import annotations

from typing import NamedTuple

from mentormatch.domain.levels import LEVELS

# ---------------------------------------------------------------------------
# Scenario size
# ---------------------------------------------------------------------------

#: Volunteers per pupil when ``n_mentors`` is not given. Mentors are scarcer
#: than mentees (FACTS §4: Article 1 / DEMA1N, "mentors scarcer than mentees";
#: AFEV about 2 children per volunteer at one branch: 300 children, 150
#: volunteers). With capacities of 1–3 (mean about 1.65) and a few group
#: tutors, 0.55 volunteers per pupil offers about one place per pupil in total,
#: so that time, distance and subject constraints leave some pupils unmatched
#: (assumption calibrated on the generated data).
DEFAULT_MENTOR_RATIO = 0.55

#: Reference date of the scenario (the rentrée 2025); ``waiting_since`` dates
#: are drawn before it. A fixed date keeps the data deterministic.
REFERENCE_DATE = "2025-09-15"

# ---------------------------------------------------------------------------
# Subjects and levels
# ---------------------------------------------------------------------------

#: Subjects and themes the generator uses (canonical names of the default
#: vocabulary). FACTS §7: maths and French first (ZUPdeCO; private tutoring
#: ranking, background), then English and physics-chemistry; AFEV themes
#: (self-confidence, reading, speaking, orientation, homework help); Article 1
#: themes (methodology, orientation, internships and jobs, languages).
SUBJECTS: tuple[str, ...] = (
    "maths", "français", "anglais", "espagnol", "allemand", "physique-chimie", "svt",
    "histoire-géographie", "ses", "philosophie", "nsi", "aide aux devoirs", "méthodologie",
    "orientation", "insertion professionnelle", "numérique", "confiance en soi",
    "expression orale",
)

#: School stages, and the stage of each level.
STAGES: tuple[str, ...] = ("primaire", "college", "lycee", "post-bac")
STAGE_OF_LEVEL: dict[str, str] = {
    **dict.fromkeys(("CP", "CE1", "CE2", "CM1", "CM2"), "primaire"),
    **dict.fromkeys(("6e", "5e", "4e", "3e"), "college"),
    **dict.fromkeys(("2de", "1re", "Tle"), "lycee"),
    "post-bac": "post-bac",
}

#: Share of pupils per level (weights, in the order of ``LEVELS``).
#: Assumption: the programmes weigh most on collège (ZUPdeCO tutors
#: collégiens, Devoirs faits is compulsory in 6e, FACTS §4–§5), AFEV follows
#: children from 5 (FACTS §4), Article 1 and 1 jeune 1 mentor start at 13–16
#: (FACTS §4); a few post-bac mentees (Article 1, NQT).
LEVEL_SHARES: dict[str, float] = {
    "CP": 5, "CE1": 5, "CE2": 6, "CM1": 6, "CM2": 7,
    "6e": 11, "5e": 9, "4e": 9, "3e": 10,
    "2de": 8, "1re": 8, "Tle": 9,
    "post-bac": 7,
}

#: Number of needs of a pupil: 1, 2 or 3 (assumption).
NEEDS_COUNT_SHARES: tuple[float, ...] = (0.45, 0.35, 0.20)

#: Relative frequency of each need, per stage. FACTS §7 and §2: maths and
#: French first (54.2 % / 45.3 % of cité pupils in the weak groups entering 6e,
#: secondary); reading, speaking, self-confidence and homework help in primary
#: (AFEV); methodology and orientation growing at collège and lycée (Article 1);
#: insertion professionnelle for post-bac (Article 1, NQT). The numbers are an
#: assumption shaped by these facts.
_NEEDS_BY_STAGE: dict[str, dict[str, float]] = {
    "primaire": {"français": 40, "maths": 32, "aide aux devoirs": 14, "confiance en soi": 5,
                 "expression orale": 4, "anglais": 3, "méthodologie": 2},
    "college": {"maths": 30, "français": 24, "anglais": 9, "physique-chimie": 5, "svt": 3,
                "histoire-géographie": 4, "espagnol": 2, "allemand": 1, "méthodologie": 9,
                "aide aux devoirs": 8, "orientation": 3, "confiance en soi": 2},
    "lycee": {"maths": 27, "français": 13, "physique-chimie": 12, "anglais": 9, "espagnol": 2,
              "svt": 4, "ses": 4, "histoire-géographie": 4, "nsi": 2, "méthodologie": 7,
              "orientation": 9, "confiance en soi": 2, "expression orale": 2},
    "post-bac": {"insertion professionnelle": 32, "orientation": 18, "méthodologie": 14,
                 "anglais": 10, "numérique": 8, "expression orale": 8, "confiance en soi": 6,
                 "maths": 4},
}

#: Level-specific corrections (assumption, from the French curriculum,
#: background): physics-chemistry starts in 5e; orientation peaks in 3e
#: (choice of lycée) and Tle (Parcoursup); the French bac exam is in 1re and
#: French leaves the general Tle; philosophy is taught in Tle only; SES from
#: 2de; NSI as a speciality in 1re and Tle; the "grand oral" in Tle.
_NEED_OVERRIDES: dict[str, dict[str, float]] = {
    "6e": {"physique-chimie": 0},
    "3e": {"orientation": 8},
    "2de": {"nsi": 0},
    "1re": {"français": 20},
    "Tle": {"français": 3, "philosophie": 7, "orientation": 14, "expression orale": 4},
}


def need_weights() -> dict[str, dict[str, float]]:
    """Return the need weights per level: level → subject → weight.

    Returns
    -------
    dict
        For each level of ``LEVELS``, the weight of each subject of
        :data:`SUBJECTS` (zero when the subject is never needed at that level).
    """
    out: dict[str, dict[str, float]] = {}
    for level in LEVELS:
        row = dict.fromkeys(SUBJECTS, 0.0)
        row.update(_NEEDS_BY_STAGE[STAGE_OF_LEVEL[level]])
        row.update(_NEED_OVERRIDES.get(level, {}))
        out[level] = row
    return out


# ---------------------------------------------------------------------------
# Pupils: equipment, modality, tags, languages, associations
# ---------------------------------------------------------------------------

#: (has_device, has_connection) → share. About a third of pupils lack a device
#: or a connection: the figure of the issue's brief and of the national plan
#: that funds tablets and 4G keys (SPEC §1). FACTS §3 found no DEPP or Insee
#: share for QPV pupils: nationally about 5 % of families lacked equipment in
#: April 2020 (the minister), and families with one smartphone for three
#: children were typical; QPV is taken well above that floor. The split between
#: the three cases is an assumption.
EQUIPMENT_SHARES: dict[tuple[bool, bool], float] = {
    (True, True): 0.67,
    (False, True): 0.11,   # a connection (often the parent's phone) but no device of their own
    (True, False): 0.13,   # a device but no internet at home
    (False, False): 0.09,
}

#: Accepted modality of pupils with a device and a connection (assumption;
#: the three JeVeuxAider mission types presentiel / distance / all, FACTS §8).
PUPIL_MODALITY_EQUIPPED: dict[str, float] = {"either": 0.60, "in_person": 0.25, "remote": 0.15}
#: Pupils without a device or connection never ask for remote only (assumption).
PUPIL_MODALITY_UNEQUIPPED: dict[str, float] = {"in_person": 0.60, "either": 0.40}

#: Share of pupils living in a QPV: most pupils of a Cité éducative do (the
#: cités are built on large QPV, FACTS §2 selection criteria); assumption.
QPV_SHARE = 0.85
#: School in REP+ / REP for CP–3e (education priority networks cover écoles
#: and collèges only, background). Assumption: in a cité most schools are in
#: REP+ or REP (Vénissieux: 4 REP+ collèges and REP+ schools, FACTS §1).
REP_PLUS_SHARE = 0.40
REP_SHARE = 0.35
#: Child of a key worker (assumption).
KEY_WORKER_SHARE = 0.04
#: Pupil with a disability (assumption).
DISABILITY_SHARE = 0.03
#: Care leaver / aide sociale à l'enfance (assumption).
CARE_LEAVER_SHARE = 0.02
#: Share of pupils with a known request date, the mean wait before the
#: reference date in days (exponential), and the wait after which the pupil is
#: tagged ``waiting`` (assumption).
WAITING_KNOWN_SHARE = 0.80
WAITING_MEAN_DAYS = 45.0
WAITING_TAG_DAYS = 90

#: Languages spoken besides French, share of pupils (assumption; the main
#: languages of immigration in QPV, background). Everybody speaks French.
PUPIL_LANGUAGES: dict[str, float] = {
    "ar": 0.12, "en": 0.04, "pt": 0.03, "tr": 0.02, "es": 0.02, "ro": 0.01, "zh": 0.01,
    "wo": 0.01,
}
#: Languages of volunteers besides French (assumption; English widely spoken
#: by students and graduates, background).
MENTOR_LANGUAGES: dict[str, float] = {
    "en": 0.35, "es": 0.12, "ar": 0.08, "de": 0.06, "it": 0.03, "pt": 0.03, "tr": 0.02,
}

#: Share of pupils who state a mentor-gender preference, the preferred
#: gender's shares, and the share of preferences that are required
#: (assumption).
GENDER_PREFERENCE_SHARE = 0.10
PREFERRED_GENDER: dict[str, float] = {"f": 0.75, "m": 0.25}
GENDER_REQUIRED_SHARE = 0.30

#: Continuity and exclusions (assumption): pupils with a current mentor from
#: last year, pupils excluding one volunteer, volunteers excluding one pupil.
CURRENT_MENTOR_SHARE = 0.04
PUPIL_EXCLUSION_SHARE = 0.01
MENTOR_EXCLUSION_SHARE = 0.005

#: Association a pupil is registered with, per stage ("" = none). FACTS §4:
#: AFEV follows children of 5–18; ZUPdeCO tutors collégiens in REP; Institut
#: Télémaque mentors from collège to the bac; Article 1 and NQT work with
#: 16–30 year-olds (NQT: young graduates). Shares are an assumption.
ASSOCIATIONS_OF_STAGE: dict[str, dict[str, float]] = {
    "primaire": {"AFEV": 0.70, "": 0.30},
    "college": {"ZUPdeCO": 0.35, "AFEV": 0.30, "Institut Télémaque": 0.10, "": 0.25},
    "lycee": {"Article 1": 0.25, "Institut Télémaque": 0.15, "Chemins d'avenirs": 0.15,
              "Proxité": 0.15, "AFEV": 0.10, "": 0.20},
    "post-bac": {"Article 1": 0.45, "NQT": 0.25, "Proxité": 0.10, "": 0.20},
}

# ---------------------------------------------------------------------------
# Volunteers
# ---------------------------------------------------------------------------

#: Volunteer profiles (JeVeuxAider ``profile_type`` values, FACTS §8, plus
#: service civique, FACTS §9).
PROFILES: tuple[str, ...] = ("etudiant", "salarie", "retraite", "service_civique")

#: Profile mix. FACTS §9: association volunteers are 31 % under 35 and about
#: 26 % over 65 (2023); tutoring programmes lean on students (AFEV about 8,000
#: students a year, ZUPdeCO about 2,000 a year, FACTS §4) and Article 1 on
#: working people; service civique supports Devoirs faits and AFEV (FACTS §9).
#: The mix itself is an assumption.
PROFILE_SHARES: dict[str, float] = {
    "etudiant": 0.45, "salarie": 0.30, "retraite": 0.17, "service_civique": 0.08,
}

#: Share of tutors (school subjects) rather than mentors (themes), per profile
#: (assumption: students and retirees mostly tutor; working people mostly
#: mentor on orientation and jobs, as in Article 1, FACTS §5).
TUTOR_SHARE: dict[str, float] = {
    "etudiant": 0.65, "salarie": 0.30, "retraite": 0.65, "service_civique": 0.85,
}

#: Share of group tutors (aide aux devoirs, small groups; FACTS §5: ZUPdeCO
#: tutors 1:1 or in small groups; Devoirs faits in groups) among volunteers,
#: the profiles they are drawn from, and their group size (assumption).
GROUP_TUTOR_SHARE = 0.08
GROUP_TUTOR_PROFILES: dict[str, float] = {"etudiant": 0.5, "service_civique": 0.3,
                                          "retraite": 0.2}
GROUP_SIZE_CHOICES: tuple[int, ...] = (3, 4, 5, 6)

#: Capacity (pupils followed at once) of one-to-one volunteers: 1–3
#: (assumption; AFEV and Article 1 pair one mentor with one young person,
#: FACTS §5, some volunteers take two or three).
CAPACITY_SHARES: dict[int, float] = {1: 0.50, 2: 0.35, 3: 0.15}

#: Share of volunteers with a safeguarding clearance (assumption: associations
#: check most of their volunteers before they meet minors).
CLEARANCE_SHARE = 0.88

#: Volunteer modality (JeVeuxAider presentiel / distance / all, FACTS §8;
#: ZUPdeCO tutored 4,000 of 10,000 pupils online 1:1, FACTS §4; the mix is an
#: assumption).
MENTOR_MODALITY_SHARES: dict[str, float] = {"either": 0.55, "in_person": 0.30, "remote": 0.15}

#: Maximum travel distance in km. FACTS §10: 35 km is JeVeuxAider's search
#: radius (outer limit), 20 km its "en ce moment" radius, and about 5–10 km is
#: typical for weekly in-person sessions (background). Shares are an assumption.
TRAVEL_KM_SHARES: dict[float, float] = {
    5.0: 0.20, 8.0: 0.15, 10.0: 0.30, 15.0: 0.15, 20.0: 0.10, 35.0: 0.10,
}

#: Where volunteers live: near one of the cités (drawn like the pupils), at a
#: distance uniform in [1, 15] km for most, in [15, 40] km for the rest
#: (assumption; FACTS §10: student tutors come from a nearby campus).
MENTOR_NEAR_KM = (1.0, 15.0)
MENTOR_FAR_KM = (15.0, 40.0)
MENTOR_FAR_SHARE = 0.15
#: Pupils live 1–5 km from the commune centre given in the table (data README:
#: the QPV is usually 1–5 km away from the centre).
PUPIL_JITTER_KM = (1.0, 5.0)

#: Volunteer gender (assumption: volunteers in education and social action
#: are more often women, background).
MENTOR_GENDER_SHARES: dict[str, float] = {"f": 0.62, "m": 0.37, "x": 0.01}

#: Association of a volunteer, per profile (FACTS §4 and §9: AFEV and ZUPdeCO
#: recruit students and service-civique volunteers; Article 1 working people,
#: retirees and students; NQT working professionals; shares: assumption).
ASSOCIATIONS_OF_PROFILE: dict[str, dict[str, float]] = {
    "etudiant": {"AFEV": 0.40, "ZUPdeCO": 0.25, "Article 1": 0.15, "Proxité": 0.10,
                 "Institut Télémaque": 0.05, "Chemins d'avenirs": 0.05},
    "salarie": {"Article 1": 0.35, "NQT": 0.20, "Proxité": 0.20, "Institut Télémaque": 0.15,
                "Chemins d'avenirs": 0.10},
    "retraite": {"Proxité": 0.35, "Article 1": 0.25, "AFEV": 0.10, "ZUPdeCO": 0.10,
                 "Institut Télémaque": 0.10, "Chemins d'avenirs": 0.10},
    "service_civique": {"AFEV": 0.50, "ZUPdeCO": 0.50},
}

#: Number of subjects or themes a volunteer offers: 1–4 (assumption).
OFFER_COUNT_SHARES: tuple[float, ...] = (0.25, 0.35, 0.25, 0.15)

#: Subjects offered by tutors and by mentors (assumption shaped by FACTS §7:
#: tutors mostly maths and French, then English and physics-chemistry;
#: mentors on orientation, methodology, jobs, confidence, languages).
_TUTOR_OFFERS: dict[str, float] = {
    "maths": 30, "français": 24, "anglais": 14, "physique-chimie": 9, "svt": 4,
    "histoire-géographie": 5, "espagnol": 4, "allemand": 1, "ses": 2, "philosophie": 2,
    "nsi": 2, "aide aux devoirs": 12, "méthodologie": 6,
}
_MENTOR_OFFERS: dict[str, float] = {
    "orientation": 20, "méthodologie": 16, "insertion professionnelle": 14,
    "confiance en soi": 12, "expression orale": 8, "numérique": 6, "anglais": 8, "maths": 6,
    "français": 6, "aide aux devoirs": 4,
}
#: Per-profile corrections (assumption): working people bring job insertion
#: (Article 1, NQT); students and service civique do more homework help.
_OFFER_OVERRIDES: dict[tuple[str, str], dict[str, float]] = {
    ("salarie", "mentor"): {"insertion professionnelle": 30, "numérique": 10},
    ("etudiant", "mentor"): {"insertion professionnelle": 6, "orientation": 24},
    ("retraite", "mentor"): {"insertion professionnelle": 10},
    ("service_civique", "tutor"): {"aide aux devoirs": 30, "philosophie": 0, "nsi": 0,
                                   "ses": 0},
    ("service_civique", "mentor"): {"insertion professionnelle": 2, "aide aux devoirs": 15},
}
#: Group tutors: homework help first, then maths and French (Devoirs faits,
#: ZUPdeCO, FACTS §5).
GROUP_TUTOR_WEIGHTS: dict[str, float] = {
    "aide aux devoirs": 60, "maths": 20, "français": 15, "méthodologie": 5,
}


def offer_weights(profile: str, role: str) -> dict[str, float]:
    """Return the weight of each subject offered by a volunteer.

    Parameters
    ----------
    profile : str
        One of :data:`PROFILES`.
    role : {"tutor", "mentor"}
        Tutor (school subjects) or mentor (themes).

    Returns
    -------
    dict of str to float
        Weight of each subject of :data:`SUBJECTS` (zero when never offered).
    """
    row = dict.fromkeys(SUBJECTS, 0.0)
    row.update(_TUTOR_OFFERS if role == "tutor" else _MENTOR_OFFERS)
    row.update(_OFFER_OVERRIDES.get((profile, role), {}))
    return row


#: Highest level taught, as a "depth" drawn per offered subject then clipped
#: to the subject's bounds. Depth levels and their shares per profile
#: (assumption: students and working people teach up to the lycée; retirees
#: and service-civique volunteers more often up to collège or primary).
DEPTH_LEVELS: tuple[str, ...] = ("CM2", "3e", "Tle", "post-bac")
OFFER_DEPTH: dict[str, tuple[float, ...]] = {
    "etudiant": (0.10, 0.30, 0.50, 0.10),
    "salarie": (0.05, 0.30, 0.45, 0.20),
    "retraite": (0.15, 0.40, 0.40, 0.05),
    "service_civique": (0.45, 0.45, 0.10, 0.0),
    "group": (0.50, 0.50, 0.0, 0.0),
}
#: (lowest, highest) max level a subject may have (background: the subject is
#: taught at those levels; themes are offered to every age, so up to post-bac;
#: homework help stops at collège).
SUBJECT_LEVEL_BOUNDS: dict[str, tuple[str, str]] = {
    "maths": ("CM2", "post-bac"), "français": ("CM2", "Tle"), "anglais": ("CM2", "post-bac"),
    "espagnol": ("3e", "post-bac"), "allemand": ("3e", "post-bac"),
    "physique-chimie": ("3e", "post-bac"), "svt": ("3e", "Tle"),
    "histoire-géographie": ("3e", "Tle"), "ses": ("Tle", "Tle"), "philosophie": ("Tle", "Tle"),
    "nsi": ("Tle", "post-bac"), "aide aux devoirs": ("CM2", "3e"),
    "méthodologie": ("3e", "post-bac"), "orientation": ("post-bac", "post-bac"),
    "insertion professionnelle": ("post-bac", "post-bac"), "numérique": ("post-bac", "post-bac"),
    "confiance en soi": ("post-bac", "post-bac"), "expression orale": ("post-bac", "post-bac"),
}

# ---------------------------------------------------------------------------
# Availability (hourly blocks; the default policy has 60-minute sessions)
# ---------------------------------------------------------------------------


class Slot(NamedTuple):
    """A recurring window a person may be free in, drawn independently per day.

    Attributes
    ----------
    days : tuple of int
        Days it can fall on (0 = Monday).
    p : float
        Probability of being free on each of those days.
    starts, start_p : tuple
        Possible start hours and their probabilities (drawn once per person).
    ends, end_p : tuple
        Possible end hours and their probabilities (drawn once per person).
    """

    days: tuple[int, ...]
    p: float
    starts: tuple[int, ...]
    start_p: tuple[float, ...]
    ends: tuple[int, ...]
    end_p: tuple[float, ...]


_EVENINGS = (0, 1, 3, 4)   # Mon, Tue, Thu, Fri (Wednesday has its own slots)
_WEEKDAYS = (0, 1, 2, 3, 4)
_WED, _SAT, _SUN = (2,), (5,), (6,)

#: Pupils' free time per stage. FACTS §8 (background): school ends about 16:30
#: in primary and 17:00–17:30 in secondary; primary pupils are free on
#: Wednesday (4-day week), secondary pupils on Wednesday afternoon. FACTS §5
#: and §8 (sourced): AFEV meets in the late afternoon or on Saturday, or every
#: Wednesday; Devoirs faits typically 16:00–18:00. The probabilities are an
#: assumption. A pupil whose draw is empty gets the stage's last slot.
PUPIL_AVAILABILITY: dict[str, tuple[Slot, ...]] = {
    "primaire": (
        Slot(_EVENINGS, 0.45, (17,), (1.0,), (18, 19), (0.3, 0.7)),
        Slot(_WED, 0.45, (9, 10), (0.5, 0.5), (12,), (1.0,)),
        Slot(_SAT, 0.35, (9, 10), (0.4, 0.6), (12,), (1.0,)),
        Slot(_WED, 0.65, (13, 14), (0.3, 0.7), (17, 18), (0.5, 0.5)),
    ),
    "college": (
        Slot(_EVENINGS, 0.50, (17, 18), (0.6, 0.4), (19, 20), (0.5, 0.5)),
        Slot(_SAT, 0.35, (9, 10), (0.4, 0.6), (12,), (1.0,)),
        Slot(_WED, 0.65, (13, 14), (0.4, 0.6), (17, 18), (0.4, 0.6)),
    ),
    "lycee": (
        Slot(_EVENINGS, 0.50, (17, 18), (0.5, 0.5), (19, 20), (0.4, 0.6)),
        Slot(_SAT, 0.30, (9, 10), (0.4, 0.6), (12,), (1.0,)),
        Slot(_SAT, 0.10, (14,), (1.0,), (17,), (1.0,)),
        Slot(_WED, 0.60, (13, 14), (0.4, 0.6), (17, 18), (0.4, 0.6)),
    ),
    "post-bac": (
        Slot(_WEEKDAYS, 0.40, (18,), (1.0,), (20, 21), (0.5, 0.5)),
        Slot(_SAT, 0.35, (10,), (1.0,), (12,), (1.0,)),
        Slot(_SAT, 0.25, (14,), (1.0,), (17,), (1.0,)),
        Slot(_WED, 0.25, (14,), (1.0,), (18,), (1.0,)),
    ),
}

#: Volunteers' free time per profile (JeVeuxAider ``disponibilities``:
#: soirée, journée, semaine, weekend, FACTS §8). Students: evenings,
#: Wednesday afternoon and the weekend (AFEV late afternoon / Saturday /
#: Wednesday, FACTS §5); working people: evenings after 18:00 and Saturday;
#: retirees: weekday daytime and Wednesday; service civique: after school
#: (Devoirs faits 16:00–18:00, FACTS §5) and Wednesday. Probabilities are an
#: assumption. An empty draw gets the profile's last slot.
PROFILE_AVAILABILITY: dict[str, tuple[Slot, ...]] = {
    "etudiant": (
        Slot(_WEEKDAYS, 0.40, (17, 18), (0.5, 0.5), (19, 20, 21), (0.3, 0.5, 0.2)),
        Slot(_SAT, 0.30, (10,), (1.0,), (12,), (1.0,)),
        Slot(_SAT, 0.20, (14,), (1.0,), (18,), (1.0,)),
        Slot(_SUN, 0.10, (14,), (1.0,), (18,), (1.0,)),
        Slot(_WED, 0.45, (14,), (1.0,), (18,), (1.0,)),
    ),
    "salarie": (
        Slot(_WEEKDAYS, 0.35, (18,), (1.0,), (20, 21), (0.6, 0.4)),
        Slot(_WED, 0.12, (14,), (1.0,), (18,), (1.0,)),
        Slot(_SAT, 0.20, (14,), (1.0,), (17,), (1.0,)),
        Slot(_SAT, 0.55, (9, 10), (0.5, 0.5), (12,), (1.0,)),
    ),
    "retraite": (
        Slot(_EVENINGS, 0.20, (9,), (1.0,), (12,), (1.0,)),
        Slot(_EVENINGS, 0.45, (14, 15), (0.5, 0.5), (17, 18), (0.4, 0.6)),
        Slot(_WED, 0.50, (9,), (1.0,), (12,), (1.0,)),
        Slot(_SAT, 0.20, (10,), (1.0,), (12,), (1.0,)),
        Slot(_WED, 0.70, (14,), (1.0,), (18,), (1.0,)),
    ),
    "service_civique": (
        Slot(_EVENINGS, 0.55, (16,), (1.0,), (18, 19), (0.6, 0.4)),
        Slot(_SAT, 0.15, (10,), (1.0,), (12,), (1.0,)),
        Slot(_WED, 0.70, (13, 14), (0.5, 0.5), (18,), (1.0,)),
    ),
}
