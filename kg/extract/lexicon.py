"""The stance lexicon: words that express a stance, mapped to stance types and their CAMEO/PLOVER codes.

Each entry names a trigger lemma, the stance type it signals, and where its target sits in the
parse: the direct object, the object of a preposition, or (for "called on X to …") the object of a
particle. The stance types and their codes are those of ontology/stance-types.ttl; a test checks
that the two agree. This module is data plus lookups; it parses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StanceType:
    """One stance type of ontology/stance-types.ttl: default polarity, first CAMEO code, PLOVER category."""

    key: str
    polarity: str  # "+1" | "-1" | "0" | "d"
    cameo: str
    plover: str | None
    mode: str | None = None


STANCE_TYPES: dict[str, StanceType] = {t.key: t for t in (
    StanceType("support", "+1", "050", "SUPPORT"),
    StanceType("materialSupport", "+1", "062", "AID"),
    StanceType("defendVerbally", "+1", "052", "SUPPORT"),
    StanceType("praise", "+1", "051", "SUPPORT"),
    StanceType("cooperate", "+1", "061", "COOPERATE"),
    StanceType("signAgreement", "+1", "057", "AGREE"),
    StanceType("expressAccord", "+1", "019", "AGREE"),
    StanceType("alignWith", "+1", "053", "SUPPORT"),
    StanceType("consult", "0", "040", "CONSULT"),
    StanceType("intendToMeet", "0", "036", "AGREE"),
    StanceType("makeStatement", "0", "010", None),
    StanceType("pessimisticComment", "-1", "012", "ACCUSE", "disapprove"),
    StanceType("demand", "d", "100", "REQUEST", "change"),
    StanceType("appeal", "d", "020", "REQUEST"),
    StanceType("advocateSanction", "-1", "113", "REQUEST", "change"),
    StanceType("opposeSanction", "+1", "0254", "REQUEST", "yield"),
    StanceType("oppose", "-1", "110", "ACCUSE", "disapprove"),
    StanceType("criticize", "-1", "111", "ACCUSE", "disapprove"),
    StanceType("accuse", "-1", "112", "ACCUSE", "allege"),
    StanceType("threaten", "-1", "130", "THREATEN"),
    StanceType("ultimatum", "-1", "139", "THREATEN"),
    StanceType("reject", "-1", "120", "REJECT"),
    StanceType("deny", "-1", "016", "REJECT"),
    StanceType("imposeSanction", "-1", "163", "SANCTION", "discontinue"),
    StanceType("reduceRelations", "-1", "160", "SANCTION", "withdraw"),
    StanceType("useForce", "-1", "190", "ASSAULT"),
    StanceType("useWMD", "-1", "2041", "ASSAULT", "unconventional"),
    StanceType("protest", "-1", "14", "PROTEST"),
    StanceType("yield", "+1", "08", "CONCEDE"),
    StanceType("investigate", "-1", "09", "ACCUSE", "investigate"),
    StanceType("coerce", "-1", "17", "COERCE"),
)}


@dataclass(frozen=True)
class Trigger:
    """A lexicon entry: `lemma` (verb or noun) signals `stance`; the target is found in `slots`.

    Slots: "dobj" (direct object, or the passive subject), "dative" (indirect object),
    a preposition such as "for", "against", "with" (its object), or "on:to" meaning the object of
    "on" when an infinitive follows ("called on X to …"). `weight` scales the confidence.
    """

    lemma: str
    stance: str
    slots: tuple[str, ...] = ("dobj",)
    weight: float = 1.0
    needs: str | None = None  # a particle or preposition that must be present ("call" + "for")
    objects: frozenset[str] | None = None  # the object must name one of these ("gave X aid", not "a speech")


def _t(lemma: str, stance: str, *slots: str, weight: float = 1.0, needs: str | None = None,
       objects: frozenset[str] | None = None) -> Trigger:
    return Trigger(lemma, stance, slots or ("dobj",), weight, needs, objects)


RELATION_WORDS = frozenset({"tie", "relation", "relationship", "link", "contact"})
AID_WORDS = frozenset({"aid", "assistance", "money", "dollar", "euro", "loan", "grant", "weapon", "arm", "troop",
                       "food", "medicine", "supply", "fund", "funding", "credit", "asylum", "equipment", "help",
                       "support", "relief", "ammunition", "missile", "intelligence"})


# What is lifted or eased when a government yields ("lifted the curfew in", "eased sanctions on").
RESTRICTION_WORDS = frozenset({"ban", "sanction", "embargo", "curfew", "restriction", "blockade", "siege",
                               "emergency", "measure", "control", "limit", "closure", "boycott", "moratorium",
                               "law", "rule", "checkpoint", "cordon", "travel", "freeze"})
# What is accepted or met when one side gives way ("accepted demands from the rebels").
DEMAND_WORDS = frozenset({"demand", "condition", "term", "request", "call", "proposal", "ultimatum"})
FORCE_WORDS = frozenset({"troop", "force", "soldier", "army", "unit", "contingent", "peacekeeper", "tank",
                         "presence", "military"})
PERSONNEL_WORDS = frozenset({"inspector", "worker", "diplomat", "ambassador", "envoy", "observer", "monitor",
                             "staff", "personnel", "mission", "delegation", "embassy", "team"})
ENGAGEMENT_WORDS = frozenset({"visit", "trip", "meeting", "talk", "summit", "agreement", "contract", "deal",
                              "tour", "exercise"})
# Whom a release frees ("released two sailors"; a named person also counts): not "released a statement".
CAPTIVE_WORDS = frozenset({"prisoner", "hostage", "detainee", "captive", "sailor", "fisherman", "journalist",
                           "activist", "soldier", "national", "citizen", "crew", "pilot", "worker", "student",
                           "dissident", "reporter", "member", "leader", "official", "diplomat", "people", "person",
                           "civilian", "refugee", "migrant", "suspect", "man", "woman", "child", "tourist"})
INSPECTOR_WORDS = frozenset({"inspector", "investigator", "monitor", "observer", "auditor", "fact-finder"})
BORDER_WORDS = frozenset({"border", "frontier", "crossing", "airspace", "port", "bridge", "route"})

VERB_TRIGGERS: dict[str, list[Trigger]] = {}
for _trigger in (
    # opposition and criticism (CAMEO 11x, PLOVER ACCUSE)
    _t("oppose", "oppose"), _t("resist", "oppose"), _t("defy", "reject", weight=0.8),
    _t("retaliate", "oppose", "against", weight=0.8), _t("hit", "oppose", "at", needs="back", weight=0.8),
    _t("overthrow", "oppose", weight=0.8), _t("topple", "oppose", weight=0.8), _t("oust", "oppose", weight=0.7),
    # protest (CAMEO 14x, PLOVER PROTEST): collective action against someone
    _t("protest", "protest", "dobj", "against", "over"), _t("demonstrate", "protest", "against", weight=0.8),
    _t("rally", "protest", "against", weight=0.8), _t("march", "protest", "against", weight=0.7),
    _t("riot", "protest", "against", weight=0.7), _t("picket", "protest", "dobj", weight=0.8),
    _t("condemn", "criticize"), _t("denounce", "criticize"), _t("criticize", "criticize"),
    _t("criticise", "criticize"), _t("slam", "criticize"), _t("blast", "criticize", weight=0.8),
    _t("rebuke", "criticize"), _t("censure", "criticize"), _t("decry", "criticize"), _t("deplore", "criticize"),
    _t("lambast", "criticize"), _t("scold", "criticize"), _t("chastise", "criticize"),
    _t("accuse", "accuse"), _t("blame", "accuse"), _t("charge", "accuse", weight=0.6),
    _t("sue", "accuse"), _t("indict", "accuse"), _t("complain", "oppose", "about", "over", "of", "against"),
    # demands and appeals (CAMEO 10x/02x, PLOVER REQUEST)
    _t("demand", "demand", "dobj", "of", "from"), _t("urge", "appeal"), _t("press", "appeal", weight=0.8),
    _t("call", "appeal", "on:to", needs="on"), _t("call", "demand", "for", needs="for"),
    _t("appeal", "appeal", "to"), _t("ask", "appeal", weight=0.7), _t("request", "appeal", "dobj", "from"),
    _t("implore", "appeal"), _t("exhort", "appeal"), _t("pressure", "appeal"), _t("pressurize", "appeal"),
    # threats (CAMEO 13x, PLOVER THREATEN)
    _t("threaten", "threaten"), _t("warn", "threaten", weight=0.8),
    # rejection and denial (CAMEO 12x/016, PLOVER REJECT)
    _t("reject", "reject"), _t("rebuff", "reject"), _t("refuse", "reject", weight=0.8), _t("snub", "reject"),
    _t("veto", "reject"), _t("dismiss", "reject", weight=0.6), _t("deny", "deny", weight=0.7),
    _t("rule", "reject", weight=0.8, needs="out"),
    # support (CAMEO 05x, PLOVER SUPPORT)
    _t("support", "support"), _t("back", "support"), _t("endorse", "praise"), _t("praise", "praise"),
    _t("hail", "praise"), _t("commend", "praise"), _t("laud", "praise"), _t("applaud", "praise"),
    _t("welcome", "praise", weight=0.8), _t("thank", "praise"), _t("congratulate", "praise"),
    _t("defend", "defendVerbally"), _t("forgive", "support", weight=0.7), _t("award", "praise", "dative", "dobj", "on"),
    _t("apologize", "support", "to", weight=0.7), _t("apologise", "support", "to", weight=0.7),
    _t("establish", "support", "with", weight=0.7, objects=RELATION_WORDS),
    _t("restore", "support", "with", weight=0.7, objects=RELATION_WORDS),
    _t("upgrade", "support", "with", weight=0.7, objects=RELATION_WORDS),
    _t("open", "support", "in", weight=0.7, objects=frozenset({"embassy", "consulate", "mission"})),
    _t("reopen", "support", "in", weight=0.7, objects=frozenset({"embassy", "consulate", "mission"})),
    _t("normalize", "support", "with", weight=0.7, objects=RELATION_WORDS),
    _t("cut", "reduceRelations", "with", weight=0.7, objects=RELATION_WORDS),
    _t("break", "reduceRelations", "with", weight=0.7, objects=RELATION_WORDS),
    _t("side", "alignWith", "with"), _t("ally", "alignWith", "with"),
    # cooperation, agreement, aid (CAMEO 06x/057/019/07x)
    _t("cooperate", "cooperate", "with"), _t("partner", "cooperate", "with"), _t("share", "cooperate", "with"),
    _t("collaborate", "cooperate", "with"),
    _t("agree", "expressAccord", "with", "to"), _t("sign", "signAgreement", "with"),
    _t("aid", "materialSupport"), _t("help", "materialSupport", weight=0.7), _t("assist", "materialSupport"),
    _t("donate", "materialSupport", "dative", "to"), _t("grant", "materialSupport", "dative", "to", weight=0.8),
    _t("provide", "materialSupport", "dative", "to", "for", weight=0.8, objects=AID_WORDS),
    _t("send", "materialSupport", "to", weight=0.7, objects=AID_WORDS),
    _t("deliver", "materialSupport", "to", weight=0.7, objects=AID_WORDS),
    _t("give", "materialSupport", "dative", "to", "for", weight=0.8, objects=AID_WORDS),
    _t("offer", "materialSupport", "dative", "to", "for", weight=0.7, objects=AID_WORDS),
    _t("contribute", "materialSupport", "to", weight=0.7, objects=AID_WORDS),
    _t("hand", "materialSupport", "to", weight=0.6, objects=AID_WORDS),
    _t("arm", "materialSupport"), _t("fund", "materialSupport"), _t("supply", "materialSupport"),
    # consultation (CAMEO 04x, PLOVER CONSULT)
    _t("meet", "consult", "dobj", "with"), _t("visit", "consult"), _t("host", "consult"),
    _t("telephone", "consult"), _t("mediate", "consult", "between", "with"),
    _t("arrive", "consult", "in", weight=0.6), _t("fly", "consult", "to", weight=0.6),
    _t("travel", "consult", "to", weight=0.6), _t("head", "consult", "to", weight=0.5),
    _t("receive", "consult", weight=0.6), _t("negotiate", "consult", "with"), _t("talk", "consult", "with"),
    _t("confer", "consult", "with"), _t("phone", "consult"),
    # sanctions and relations (CAMEO 16x, PLOVER SANCTION)
    _t("sanction", "imposeSanction"), _t("embargo", "imposeSanction"), _t("boycott", "imposeSanction"),
    _t("expel", "reduceRelations"), _t("sever", "reduceRelations", "with"),
    _t("suspend", "reduceRelations", "with", "to", "dobj", weight=0.7),
    _t("halt", "reduceRelations", "with", "to", "dobj", weight=0.7),
    _t("freeze", "reduceRelations", "with", "to", "dobj", weight=0.7),
    _t("recall", "reduceRelations", "from", weight=0.7),
    _t("prohibit", "imposeSanction", "to", "from", "dobj", weight=0.6),
    _t("ban", "imposeSanction", "to", "from", "dobj", weight=0.6),
    # force (CAMEO 19x/20x, PLOVER ASSAULT)
    _t("attack", "useForce"), _t("bomb", "useForce"), _t("shell", "useForce"), _t("invade", "useForce"),
    _t("wound", "useForce", weight=0.7), _t("torture", "useForce", weight=0.8), _t("shoot", "useForce", weight=0.7),
    _t("assassinate", "useForce"), _t("abuse", "useForce", weight=0.6), _t("beat", "useForce", needs="up"),
    _t("kidnap", "useForce", weight=0.7), _t("abduct", "useForce", weight=0.7),
    _t("clash", "useForce", "with", weight=0.8), _t("fight", "useForce", "dobj", "against", "with", weight=0.7),
    _t("strike", "useForce", "dobj", "against", weight=0.8), _t("raid", "useForce"),
    _t("fire", "useForce", "on", "at", weight=0.7), _t("kill", "useForce", weight=0.7),
    _t("gas", "useWMD"),
    _t("order", "demand", weight=0.8),  # "ordered the militia to disarm"
    _t("extradite", "cooperate", "to", weight=0.8), _t("hand", "cooperate", "to", weight=0.7, needs="over"),
    _t("withdraw", "reduceRelations", "from", weight=0.7, objects=PERSONNEL_WORDS),
    _t("cancel", "reduceRelations", "to", "with", weight=0.7, objects=ENGAGEMENT_WORDS),
    _t("cut", "reduceRelations", "to", "for", weight=0.7, objects=AID_WORDS),
    _t("reduce", "reduceRelations", "to", "for", weight=0.7, objects=AID_WORDS),
    _t("withhold", "reduceRelations", "to", "from", "for", weight=0.7, objects=AID_WORDS),
    _t("close", "reduceRelations", "with", "to", weight=0.7, objects=BORDER_WORDS),
    _t("force", "coerce", needs="out", weight=0.8), _t("evict", "coerce", weight=0.8),
    _t("allow", "yield", weight=0.6),
    # coercion (CAMEO 17x, PLOVER COERCE): arrests, deportations, seizures, bans, demolitions
    _t("arrest", "coerce", weight=0.9), _t("detain", "coerce", weight=0.9), _t("jail", "coerce", weight=0.9),
    _t("imprison", "coerce", weight=0.9), _t("deport", "coerce", weight=0.9), _t("round", "coerce", needs="up"),
    _t("seize", "coerce", "dobj", "from", weight=0.7), _t("confiscate", "coerce", "from", "dobj", weight=0.8),
    _t("demolish", "coerce", weight=0.7), _t("raze", "coerce", weight=0.7), _t("bulldoze", "coerce", weight=0.7),
    _t("outlaw", "coerce"), _t("disperse", "coerce", weight=0.8), _t("crack", "coerce", "on", needs="down"),
    _t("censor", "coerce", weight=0.8), _t("hack", "coerce", "into", weight=0.7),
    _t("blow", "coerce", weight=0.7, needs="up"), _t("torch", "coerce", weight=0.7), _t("burn", "coerce", weight=0.6),
    _t("set", "coerce", "to", weight=0.7, objects=frozenset({"fire", "light"})), _t("deface", "coerce", weight=0.7),
    _t("vandalize", "coerce", weight=0.7), _t("vandalise", "coerce", weight=0.7), _t("loot", "coerce", weight=0.7),
    _t("dispatch", "investigate", "to", weight=0.7, objects=INSPECTOR_WORDS),
    _t("send", "investigate", "to", weight=0.7, objects=INSPECTOR_WORDS),
    # investigation (CAMEO 09x, PLOVER ACCUSE/investigate)
    _t("investigate", "investigate", weight=0.9), _t("probe", "investigate", "dobj", "into", weight=0.8),
    _t("inspect", "investigate", weight=0.7),
    # yielding (CAMEO 08x, PLOVER CONCEDE/RETREAT): easing restrictions, releasing people, withdrawing
    _t("lift", "yield", "on", "in", "against", "from", "for", weight=0.9, objects=RESTRICTION_WORDS),
    _t("ease", "yield", "on", "in", "against", "for", weight=0.9, objects=RESTRICTION_WORDS),
    _t("relax", "yield", "on", "in", "against", "for", weight=0.8, objects=RESTRICTION_WORDS),
    _t("shorten", "yield", "on", "in", "for", weight=0.7, objects=RESTRICTION_WORDS),
    _t("release", "yield", weight=0.8, objects=CAPTIVE_WORDS), _t("free", "yield", weight=0.8, objects=CAPTIVE_WORDS),
    _t("pardon", "yield", weight=0.8),
    _t("concede", "yield", "to", weight=0.8), _t("yield", "yield", "to", weight=0.8),
    _t("bow", "yield", "to", weight=0.7), _t("bend", "yield", "to", weight=0.7), _t("cave", "yield", "to", needs="in"),
    _t("give", "yield", "to", weight=0.7, needs="in"), _t("succumb", "yield", "to", weight=0.8),
    _t("capitulate", "yield", "to", weight=0.8), _t("submit", "yield", "to", weight=0.6),
    _t("accept", "yield", "from", "of", weight=0.8, objects=DEMAND_WORDS),
    _t("meet", "yield", "from", "of", weight=0.7, objects=DEMAND_WORDS),
    _t("withdraw", "yield", "from", weight=0.8, objects=FORCE_WORDS),
    _t("pull", "yield", "from", "out", weight=0.7, objects=FORCE_WORDS),
    _t("evacuate", "yield", "from", "in", weight=0.6),
    _t("reopen", "yield", "to", "with", weight=0.7, objects=BORDER_WORDS),
    _t("open", "yield", "to", "with", weight=0.6, objects=BORDER_WORDS),
):
    VERB_TRIGGERS.setdefault(_trigger.lemma, []).append(_trigger)

# Nouns that carry a stance of their possessor or of the subject of a light verb ("Russia's support
# for Assad", "issued an ultimatum to", "imposed sanctions on"). Slots are prepositions of the noun.
NOUN_TRIGGERS: dict[str, list[Trigger]] = {}
for _trigger in (
    _t("support", "support", "for", "of", "to"), _t("backing", "support", "for", "of"),
    _t("opposition", "oppose", "to"), _t("condemnation", "criticize", "of"), _t("criticism", "criticize", "of"),
    _t("accusation", "accuse", "against"), _t("ultimatum", "ultimatum", "to"),
    _t("threat", "threaten", "to", "against"), _t("demand", "demand", "of", "on"),
    _t("appeal", "appeal", "to"), _t("call", "appeal", "on"),
    _t("sanction", "imposeSanction", "on", "against"), _t("embargo", "imposeSanction", "on", "against"),
    _t("tariff", "imposeSanction", "on", "against"), _t("duty", "imposeSanction", "on", "against"),
    _t("visit", "consult", "to"), _t("talk", "consult", "with"), _t("meeting", "consult", "with"),
    _t("attack", "useForce", "on", "against"), _t("strike", "useForce", "on", "against"),
    _t("aid", "materialSupport", "to", "for"), _t("assistance", "materialSupport", "to", "for"),
    _t("negotiation", "consult", "with"), _t("mediation", "consult", "between"),
    _t("protest", "protest", "against", "of", "at", "over", "with"),
    _t("complaint", "oppose", "against", "about", "over", "with"),
    _t("fire", "useForce", "against", "on", "at"), _t("invasion", "useForce", "of"),
    _t("bombing", "useForce", "of", "on"), _t("shelling", "useForce", "of", "on"),
    _t("demonstration", "protest", "against"), _t("rally", "protest", "against"),
    _t("disapproval", "oppose", "of", "for"), _t("march", "protest", "against"),
    _t("riot", "protest", "against"), _t("sit-in", "protest", "against"), _t("boycott", "protest", "of"),
    _t("arrest", "coerce", "of"), _t("detention", "coerce", "of"), _t("deportation", "coerce", "of"),
    _t("crackdown", "coerce", "on", "against"), _t("curfew", "coerce", "on", "in"),
    _t("blockade", "coerce", "on", "of", "against", "in"),
    _t("investigation", "investigate", "into", "of", "against"), _t("inquiry", "investigate", "into", "of"),
    _t("probe", "investigate", "into", "of", "against"),
    _t("release", "yield", "of"), _t("withdrawal", "yield", "from"),
    _t("siege", "coerce", "on", "of", "in"), _t("lockdown", "coerce", "in", "on"),
    _t("deal", "signAgreement", "between", "with"), _t("agreement", "signAgreement", "between", "with"),
    _t("accord", "signAgreement", "between", "with"), _t("treaty", "signAgreement", "between", "with"),
    _t("offensive", "useForce", "against", "on"), _t("raid", "useForce", "on", "against"),
    _t("offer", "appeal", "from", "of", "by", weight=0.6),
    _t("praise", "praise", "for", "of"),
    _t("reminder", "demand", "to"), _t("defiance", "reject", "of"), _t("warning", "threaten", "to", "against"),
    _t("consensus", "expressAccord", "with", "between"), _t("understanding", "expressAccord", "with", "between"),
    _t("compromise", "expressAccord", "with", "between"), _t("suspension", "reduceRelations", "with", "of"),
):
    NOUN_TRIGGERS.setdefault(_trigger.lemma, []).append(_trigger)

# Adjectives (and passive participles read as adjectives) that carry a stance toward their
# preposition's object: "Israel is opposed to French mediation", "remaining committed to Assad".
ADJ_TRIGGERS: dict[str, tuple[str, str]] = {
    "opposed": ("oppose", "to"), "hostile": ("oppose", "to"), "committed": ("support", "to"),
    "critical": ("criticize", "of"), "supportive": ("support", "of"), "sympathetic": ("support", "to"),
}
# Nouns that, denied with "no", oppose their preposition's object: "sees no future role for Assad",
# "there is no place for X" (a common diplomatic idiom of rejection).
DENIED_NOUNS: dict[str, tuple[str, str]] = {"role": ("oppose", "for"), "place": ("oppose", "for"),
                                            "solution": ("oppose", "with"), "peace": ("oppose", "with"),
                                            "settlement": ("oppose", "with"), "future": ("oppose", "with")}
# "the reign of the Assad family is coming to an end", "Maduro's days are numbered": a ruler's time is up
RULE_NOUNS = frozenset({"reign", "rule", "day", "era", "time", "regime", "grip", "hold", "presidency", "tenure"})
# "would not be pushed around by", "will not be bullied by": refusing the agent's pressure
PRESSURE_VERBS = frozenset({"push", "bully", "intimidate", "blackmail", "pressure", "pressurize", "dictate", "coerce",
                            "cow", "browbeat", "threaten", "force", "muscle"})
# "if they cross us", "should Israel attack us": a condition that makes a threat
HOSTILE_VERBS = frozenset({"cross", "attack", "harm", "hurt", "provoke", "invade", "threaten", "strike", "hit",
                           "touch", "challenge", "test", "betray"})
# "no solution with Assad in charge": the "with" of a denied noun opposes only someone kept in power
IN_POWER = frozenset({"charge", "power", "office", "place", "control", "command", "helm"})
# "described the strikes as aggression": calling an act one of these accuses whoever did it.
ACCUSATION_NOUNS = frozenset({"aggression", "crime", "violation", "provocation", "terrorism", "invasion",
                              "occupation", "massacre", "genocide", "atrocity", "breach", "outrage"})
LABEL_VERBS = frozenset({"describe", "call", "brand", "label", "term", "denounce", "condemn", "characterize",
                         "characterise", "decry", "regard", "see", "consider", "view"})
FORCE_NOUNS = frozenset({"strike", "airstrike", "attack", "raid", "bombing", "offensive", "invasion", "shelling",
                         "bombardment", "incursion", "operation"})

# Verbs that pass a noun trigger's stance to their subject: "X voiced support for Y", "X imposed
# sanctions on Y". `sanction_verbs` turn a sanctions noun into advocacy rather than imposition.
LIGHT_VERBS = frozenset({
    "give", "offer", "express", "voice", "pledge", "reaffirm", "provide", "lend", "extend", "issue", "make",
    "launch", "carry", "conduct", "impose", "slap", "level", "lodge", "continue", "maintain", "hold",
    "announce", "deliver", "send", "pay", "step", "intensify", "renew", "show", "end", "withdraw", "drop",
    "resume", "begin", "start", "open", "undertake", "file", "reiterate", "repeat", "stage", "organize",
    "organise", "mount", "reach",
})
ADVOCACY_VERBS = frozenset({"call", "push", "urge", "press", "seek", "want", "demand", "back", "support",
                            "favor", "favour", "advocate", "propose", "tighten", "threaten"})
RESISTING_VERBS = frozenset({"oppose", "resist", "reject", "block", "veto", "caution", "warn"})

# Speech verbs: their subject is the speaker of what their clausal complement says.
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "insist", "state", "declare", "announce", "stress", "note", "argue", "claim",
    "assert", "write", "tweet", "explain", "emphasize", "emphasise", "reiterate", "suggest", "maintain",
    "contend", "believe", "think", "warn", "urge", "describe", "acknowledge", "admit", "remark", "conclude",
})
# Modal forms that make an embedded clause a demand on its subject ("Russia must choose").
DIRECTIVE_MODALS = frozenset({"must", "should"})
DIRECTIVE_PHRASES = frozenset({"have to", "has to", "had to", "need to", "needs to", "ought to"})


def stance_type(key: str) -> StanceType:
    """The stance type with this key; raises KeyError for an unknown one."""
    return STANCE_TYPES[key]


def verb_triggers(lemma: str) -> list[Trigger]:
    """Lexicon entries for a verb lemma (empty when it expresses no stance)."""
    return VERB_TRIGGERS.get(lemma, [])


def noun_triggers(lemma: str) -> list[Trigger]:
    """Lexicon entries for a noun lemma (empty when it expresses no stance)."""
    return NOUN_TRIGGERS.get(lemma, [])


TRIGGER_WORDS: frozenset[str] = frozenset(VERB_TRIGGERS) | frozenset(NOUN_TRIGGERS) | SPEECH_VERBS
"""Every lemma that can start a stance: a paragraph with none of these needs no parse."""


# Irregular forms of trigger verbs and nouns, for the cheap pre-filter that decides which sentences to parse.
_IRREGULAR = {"meet": ("met",), "strike": ("struck", "stricken"), "say": ("said",), "tell": ("told",),
              "think": ("thought",), "hold": ("held",), "send": ("sent",), "make": ("made",),
              "give": ("gave", "given"), "withdraw": ("withdrew", "withdrawn"), "write": ("wrote", "written"),
              "fight": ("fought",), "seek": ("sought",), "shell": ("shelled",), "ally": ("allied", "allies"),
              "threat": ("threats",), "talk": ("talks",), "back": ("backed", "backing"), "lay": ("laid",)}


def _forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", stem + "ing", lemma + "ing",
             lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    return forms | set(_IRREGULAR.get(lemma, ()))


# Words of the phrase-level rules ("coming to an end", "days are numbered", "martial law", "state of emergency").
IDIOM_WORDS = frozenset({"end", "numbered", "over", "martial", "emergency", "pushed", "bullied", "intimidated",
                         "blackmailed", "pressured", "dictated", "coerced", "cowed", "cross", "crosses"})
TRIGGER_FORMS: frozenset[str] = frozenset(
    form for lemma in (*VERB_TRIGGERS, *NOUN_TRIGGERS, *LABEL_VERBS) for form in _forms(lemma)
) | DIRECTIVE_MODALS | frozenset(ADJ_TRIGGERS) | frozenset(DENIED_NOUNS) | IDIOM_WORDS
"""Surface forms of every trigger, plus the directive modals (a reported "must" is a demand)."""
