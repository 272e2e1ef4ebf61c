"""Modality and certainty of a stance trigger: negated, hypothetical, future, historical or asserted.

PLOVER's auxiliary modes decide whether a stance is asserted: "stopped short of calling for",
"if they cross us", "is due to meet", "in 2013" must not become asserted stances. The rules read
the dependency parse around the trigger, up to the clause that a speech verb embeds.
This module reads spaCy tokens; it decides nothing about actors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token


NEGATING_HEADS = frozenset({"stop", "decline", "fail", "avoid", "refrain", "refuse", "resist", "hesitate",
                            "reluctant", "unwilling", "unable", "deny"})
FUTURE_HEADS = frozenset({"plan", "intend", "expect", "due", "prepare", "set", "schedule", "poise", "aim",
                          "go", "vow", "promise", "pledge", "hope", "seek", "agree", "offer", "decide",
                          "ready", "willing", "prepared"})
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may"})
OBLIGATION_MODALS = frozenset({"must", "should", "ought"})
HYPOTHETICAL_HEADS = frozenset({"choose", "decide", "consider", "weigh", "whether"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
PAST_MARKERS = frozenset({"previously", "formerly", "once", "earlier", "prior"})
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
# Dependencies along which a trigger's modality is inherited from its head (same clause chain).
_CHAIN = frozenset({"xcomp", "pcomp", "prep", "pobj", "dobj", "conj", "acomp", "advcl", "acl", "relcl"})
_ADJUNCT_PREPS = frozenset({"for", "because", "over", "despite", "after", "before", "since", "amid"})
_STOP = frozenset({"ccomp", "ROOT", "parataxis"})


def reporting_verb(verb: Token) -> Token | None:
    """The past-tense reporting verb a past-tense conjunct really coordinates with, when the parser hung it
    on a present, base or non-finite verb of the reported clause: in "X said Turkey must release them and
    warned …", "X said Israel had the right to defend itself and blamed Hamas", "warned"/"blamed" belong
    to "said". None otherwise."""
    if verb.dep_ != "conj" or verb.tag_ != "VBD" or verb.head.tag_ not in ("VB", "VBZ", "VBP", "VBD"):
        return None
    cur = verb.head
    for _ in range(4):
        if cur.dep_ not in ("ccomp", "xcomp", "acl", "dobj", "conj") or cur.head is cur:
            return None
        cur = cur.head
        if cur.tag_ == "VBD" and cur.dep_ in ("ROOT", "conj", "advcl") and cur is not verb.head:
            return cur
    return None


def _clause_chain(token: Token, limit: int = 6) -> list[Token]:
    """The trigger and its heads up to (and including) the head of its clause: where modality lives."""
    chain = [token]
    cur = token
    reporter = reporting_verb(token)
    if reporter is not None:
        return [token, reporter]
    for _ in range(limit):
        if cur.dep_ in _STOP or cur.head is cur:
            break
        if cur.dep_ not in _CHAIN and cur.dep_ not in ("amod", "compound", "nsubj", "nsubjpass", "attr"):
            break
        if cur.dep_ == "pobj" and cur.head.lower_ in _ADJUNCT_PREPS:
            break  # "… for its continued support": an adjunct keeps its own modality
        cur = cur.head
        chain.append(cur)
        if cur.dep_ == "ccomp":
            break
    return chain


def modality(trigger: Token, *, article_year: int | None = None) -> tuple[str, str]:
    """(modality, certainty) for a stance trigger.

    Negated wins over hypothetical, which wins over future and historical; certainty is
    "possible" for hypotheticals, "probable" under hedging modals, otherwise "certain".
    """
    chain = _clause_chain(trigger)
    negated = hypothetical = future = historical = False
    for tok in chain:
        for child in tok.children:
            lower = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "det" and lower == "no" and tok.pos_ == "NOUN"):
                negated = True
            elif child.dep_ == "aux" and lower in FUTURE_AUX:
                future = True
            elif (child.dep_ == "aux" and lower in HYPOTHETICAL_MODALS) or (
                    child.dep_ == "mark" and lower in ("if", "unless", "whether")):
                hypothetical = True
            elif child.dep_ == "aux" and lower in OBLIGATION_MODALS and trigger.pos_ != "NOUN":
                hypothetical = True  # "Kagame must agree": demanded, not done ("must end support" keeps the support)
            elif (child.dep_ == "advmod" and lower in PAST_MARKERS) or (
                    child.dep_ == "prep" and lower in ("in", "during", "since")
                    and _is_past_year(child, article_year)):
                historical = True
            elif child.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "while", "as")
                                               for m in child.children) and any(
                    p.dep_ == "prep" and p.lower_ in ("in", "during") and _is_past_year(p, article_year)
                    for p in child.children):
                historical = True  # "met Putin when he visited Moscow in 2015"
        if tok is not trigger and tok._.lem in NEGATING_HEADS and tok.i < trigger.i:
            negated = True
        if tok.dep_ == "pobj" and tok.head.lower_ == "without":
            negated = True  # "ended without a deal between …"
        if tok is not trigger and tok._.lem in HYPOTHETICAL_HEADS and tok.i < trigger.i:
            hypothetical = True
        if tok is not trigger and tok._.lem in FUTURE_HEADS and tok.i < trigger.i and (
                tok._.lem != "go" or (tok.lower_ == "going" and any(c.dep_ == "xcomp" for c in tok.children))):
            future = True  # "is going to impose", but not "went on strike"
        if tok.lower_ == "short" or any(c.lower_ == "short" and c.dep_ == "advmod" for c in tok.children):
            negated = negated or tok._.lem == "stop" or tok.head._.lem == "stop"
    sent = trigger.sent
    if not historical and article_year is not None:
        # a sentence-initial "In 2013," sets the time of everything in it
        first = sent[0]
        if first.lower_ in ("in", "during") and len(sent) > 1 and _YEAR.match(sent[1].text) \
                and int(sent[1].text) < article_year:
            historical = True
    if "in the past" in sent.text.lower():  # "have had several meetings in the past"
        historical = True
    if negated:
        return "negated", "certain"
    if hypothetical:
        return "hypothetical", "possible"
    if future:
        return "future", "probable"
    if historical:
        return "historical", "certain"
    return "asserted", "certain"


def _is_past_year(prep: Token, article_year: int | None) -> bool:
    for tok in prep.subtree:
        if _YEAR.match(tok.text):
            return article_year is None or int(tok.text) < article_year
    return False


# ---------- the stance's time ----------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH_ABBREV = {m[:3]: i for i, m in enumerate(MONTHS, start=1)} | {"sept": 9}
_RELATIVE = frozenset({"yesterday", "today", "tonight", "tomorrow"})
_BEFORE_MONTH = frozenset({"in", "on", "since", "by", "until", "till", "from", "early", "late", "mid", "last", "next",
                           "this", "of", "during", "before", "after", "through", "-"})
_NUMBERS = {w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                        "eleven", "twelve"), start=1)} | {"a": 1, "an": 1}
_TIME_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(_MONTH_ABBREV) | frozenset(
    m[:3] + "." for m in MONTHS) | _RELATIVE | {"sept.", "week", "month", "year", "ago"}
_TIME_DEPS = frozenset({"npadvmod", "tmod", "prep", "advmod", "nmod", "pobj", "obl"})


def time_expression(trigger: Token) -> str | None:
    """The words that date the trigger's clause ("on Tuesday", "in 2013", "last November", "April 7"),
    lower-cased, or None. The trigger's own clause is read first, then the rest of its sentence."""
    sent = trigger.sent
    if not any(t.lower_ in _TIME_WORDS or t.like_num for t in sent):
        return None  # most sentences name no time: one cheap pass instead of two searches
    chain = _clause_chain(trigger)
    seen: set[int] = set()
    own = _first_time([t for tok in chain for c in tok.children if c.dep_ in _TIME_DEPS for t in c.subtree], seen)
    if own:
        return own
    # elsewhere in the sentence, the time usually belongs to a reporting verb ("…, the Kremlin said Monday"):
    # marked with "~" so that resolve_time reads it as past and does not give it to a future stance
    key = (id(sent.doc), sent.start)
    cached = _SENTENCE_TIMES.get(key)
    if cached is None or cached[0] is not sent.doc:  # the tokens own-clause search saw hold no time
        if len(_SENTENCE_TIMES) > 512:
            _SENTENCE_TIMES.clear()
        cached = (sent.doc, _first_time(list(sent), set()))
        _SENTENCE_TIMES[key] = cached
    other = cached[1]
    return "~" + other if other else None


# sentence → its first time expression, so that the stances of one sentence scan it once
_SENTENCE_TIMES: dict[tuple[int, int], tuple[object, str | None]] = {}


def _first_time(tokens: list[Token], seen: set[int]) -> str | None:
    for tok in sorted(tokens, key=lambda t: t.i):
        if tok.i in seen:
            continue
        seen.add(tok.i)
        if tok.lower_ not in _TIME_WORDS and not tok.like_num:
            continue  # every expression below starts at a time word or a number ("2013", "two days ago": "ago")
        low = tok.lower_.rstrip(".")
        prev = tok.nbor(-1).lower_ if tok.i > tok.sent.start else ""
        nxt = tok.nbor(1) if tok.i + 1 < tok.sent.end else None
        if low in WEEKDAYS or low in _RELATIVE:
            return f"{prev} {low}".strip() if prev in ("last", "next", "this") else low
        if low in ("week", "month", "year") and prev in ("last", "next", "this"):
            return f"{prev} {low}"
        if low == "ago" and tok.i >= tok.sent.start + 2:  # "two days ago", "3 weeks ago"
            unit, count = prev.rstrip("s"), tok.nbor(-2).lower_
            n = int(count) if count.isdigit() else _NUMBERS.get(count)
            if unit in ("day", "week", "month", "year") and n:
                return f"ago:{unit}:{n}"
        month = None
        if tok.text[:1].isupper() and tok.pos_ == "PROPN":  # "March", "Dec.", never "march" or the modal "May"
            month = MONTHS.index(low) + 1 if low in MONTHS else _MONTH_ABBREV.get(low)
        if nxt is not None and nxt.text == "." and tok.i + 2 < tok.sent.end:
            nxt = tok.nbor(2)  # "Sept. 5"
        dated = nxt is not None and (nxt.like_num or bool(_YEAR.match(nxt.text)))
        if month and not dated and prev not in _BEFORE_MONTH and not (prev.isdigit() and int(prev) <= 31):
            month = None  # "May said …" is a person, "in May" a month
        if month:
            parts = [f"month:{month}"]
            if nxt is not None and nxt.like_num and nxt.text.isdigit() and int(nxt.text) <= 31:
                parts.append(f"day:{int(nxt.text)}")
                after = tok.nbor(2) if tok.i + 2 < tok.sent.end else None
                if after is not None and after.text == "," and tok.i + 3 < tok.sent.end:
                    after = tok.nbor(3)
                if after is not None and _YEAR.match(after.text):
                    parts.append(f"year:{after.text}")
            elif prev.isdigit() and int(prev) <= 31:
                parts.append(f"day:{int(prev)}")
                if nxt is not None and _YEAR.match(nxt.text):
                    parts.append(f"year:{nxt.text}")
            elif nxt is not None and _YEAR.match(nxt.text):
                parts.append(f"year:{nxt.text}")
            if prev == "last":
                parts.append("last")
            return " ".join(parts)
        if _YEAR.match(tok.text) and prev in ("in", "during", "since", "of", "until", "by", "early", "late", "mid"):
            return f"year:{tok.text}"
    return None


def resolve_time(expr: str | None, published: str | None, *, future: bool = False) -> str | None:
    """An ISO date (day, month or year precision) for a time expression of `time_expression`,
    resolved against the publication date; the publication date itself when `expr` is None.
    None when neither gives a date. A weekday is the latest such day on or before publication
    (the next one for a future stance). An expression marked "~" (found outside the stance's own
    clause) is read as past, and a future stance ignores it.

    >>> resolve_time("tuesday", "2017-04-12")
    '2017-04-11'
    >>> resolve_time("friday", "2017-04-11", future=True)
    '2017-04-14'
    >>> resolve_time("year:2013", "2017-04-11"), resolve_time("month:11 last", "2017-04-11")
    ('2013', '2016-11')
    >>> resolve_time("~monday", "2017-04-11", future=True), resolve_time("~monday", "2017-04-11")
    ('2017-04-11', '2017-04-10')
    >>> resolve_time(None, None) is None
    True
    """
    import datetime as dt

    pub = None
    if published and re.match(r"^\d{4}-\d{2}-\d{2}$", published):
        try:
            pub = dt.date.fromisoformat(published)
        except ValueError:
            pub = None
    if expr is not None and expr.startswith("~"):
        expr = None if future else expr[1:]
    if expr is None:
        return published if published and re.match(r"^-?\d{4}(-\d{2}(-\d{2})?)?$", published) else None
    if expr.startswith("ago:") and pub is not None:
        _, unit, count = expr.split(":")
        days = int(count) * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
        when = pub - dt.timedelta(days=days)
        return when.isoformat() if unit in ("day", "week") else when.strftime("%Y-%m") if unit == "month" \
            else str(when.year)
    if expr.startswith("ago:"):
        return None
    fields = dict(p.split(":", 1) for p in expr.split() if ":" in p)
    if "month" in fields:
        month = int(fields["month"])
        if "year" in fields:
            year = int(fields["year"])
        elif pub is None:
            return None
        else:
            year = pub.year
            ahead = (month, int(fields.get("day", 1))) > (pub.month, pub.day)
            if ("last" in expr.split() and month >= pub.month) or (ahead and not future):
                year -= 1
        if "day" in fields:
            try:
                return dt.date(year, month, int(fields["day"])).isoformat()
            except ValueError:
                return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}"
    if "year" in fields:
        return fields["year"]
    if pub is None:
        return None
    words = expr.split()
    last = words[-1]
    if last in WEEKDAYS:
        wd = WEEKDAYS.index(last)
        if words[0] == "next" or (future and words[0] != "last"):
            ahead = (wd - pub.weekday()) % 7 or (7 if words[0] == "next" else 0)
            return (pub + dt.timedelta(days=ahead)).isoformat()
        back = (pub.weekday() - wd) % 7 or (7 if words[0] == "last" else 0)
        return (pub - dt.timedelta(days=back)).isoformat()
    shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
    if last in shift:
        return (pub + dt.timedelta(days=shift[last])).isoformat()
    step = -1 if words[0] == "last" else 1 if words[0] == "next" else 0
    if last == "week":
        return (pub + dt.timedelta(days=7 * step)).strftime("%Y-%m")
    if last == "month":
        m = pub.month + step
        y = pub.year + (m - 1) // 12
        return f"{y:04d}-{(m - 1) % 12 + 1:02d}"
    if last == "year":
        return str(pub.year + step)
    return published
