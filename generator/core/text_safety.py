"""Which characters text may hold, and which no output may carry.

The policy for contributor text (no hidden, direction-changing or non-text characters; no word
mixing scripts to imitate a name) and for what leaves the generator (no character that XML,
YAML or HTML cannot carry). Validators in `models` apply the first; the escapers in `escaping`
and the writers apply the second.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import regex

# Most text is ASCII, where only these control codes can hide (a fast path for large corpora).
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

ZWNJ, ZWJ = "\u200c", "\u200d"
# What no text field may hold, from the Unicode Character Database through `regex`: characters
# a reader cannot see (Default_Ignorable_Code_Point: zero-width characters, the combining
# grapheme joiner, Hangul fillers, variation selectors...), format characters (bidi controls),
# control codes other than tab and line feed, line and paragraph separators (line breaks to
# YAML that git does not show), lone surrogates and noncharacters, which are not text at all.
# U+2800 BRAILLE PATTERN BLANK is a visible symbol by its properties but prints as nothing.
_HIDDEN = regex.compile(
    r"(?![\t\n])[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Cs}\p{Zl}\p{Zp}"
    r"\p{Noncharacter_Code_Point}\u2800]"
)
# Where Unicode's joining rules call for a joiner (RFC 5892, appendix A.1 and A.2): either
# after a virama, or a ZWNJ between two letters that would otherwise join (Persian
# 'می\u200cخواهم'), with only transparent marks between them and it.
_JOINER_IN_PLACE = regex.compile(
    r"(?<=\p{Canonical_Combining_Class=Virama})[\u200c\u200d]"
    r"|(?<=[\p{Joining_Type=Left_Joining}\p{Joining_Type=Dual_Joining}]"
    r"\p{Joining_Type=Transparent}*)\u200c"
    r"(?=\p{Joining_Type=Transparent}*[\p{Joining_Type=Right_Joining}"
    r"\p{Joining_Type=Dual_Joining}])"
)
_NONCHARACTER = regex.compile(r"\p{Noncharacter_Code_Point}")
_LINE_BREAK_NAMES = {
    "\r": "CARRIAGE RETURN",
    "\x85": "NEXT LINE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}


def character_name(character: str) -> str:
    """'U+2028 LINE SEPARATOR', 'U+0007 (a control character)', 'U+FFFE (a noncharacter)'."""
    code = f"U+{ord(character):04X}"
    name = _LINE_BREAK_NAMES.get(character) or unicodedata.name(character, "")
    if name:
        return f"{code} {name}"
    if _NONCHARACTER.match(character):
        return f"{code} (a noncharacter)"
    kind = {"Cc": "a control character", "Cs": "a lone surrogate"}
    return f"{code} ({kind.get(unicodedata.category(character), 'an unassigned character')})"


def first_hidden_character(text: str) -> str | None:
    """The first character a reader cannot see, that reorders text, breaks a line where git
    sees none, or is no text at all. A ZWNJ or ZWJ where the joining rules of its script call
    for it is text, not hidden."""
    if text.isascii():
        found = _ASCII_CONTROL.search(text)
        return found.group() if found else None
    for match in _HIDDEN.finditer(text):
        if match.group() in (ZWNJ, ZWJ) and _JOINER_IN_PLACE.match(text, match.start()):
            continue
        return str(match.group())
    return None


def hidden_character(text: str) -> str | None:
    """first_hidden_character, named: 'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    found = first_hidden_character(text)
    return character_name(found) if found is not None else None


def hidden_character_problem(text: str) -> str | None:
    """Why text may not hold its first hidden character, or None."""
    found = first_hidden_character(text)
    if found is None:
        return None
    name = character_name(found)
    if _NONCHARACTER.match(found) or unicodedata.category(found) == "Cs":
        return f"contains {name}, which is not a character of any text; retype the text"
    if found in _LINE_BREAK_NAMES:
        return (
            f"contains {name}, a line break that git and GitHub do not show; "
            "use a space or a real line break"
        )
    return f"contains the invisible or direction-changing character {name}; retype the text"


# Scripts by their ISO 15924 codes, as Unicode's Script_Extensions property names them (the
# `regex` package knows which characters each holds). Common (Zyyy), Inherited (Zinh) and
# unassigned (Zzzz) are not listed: characters in no listed script are neutral in a word.
# tests/test_characters.py checks that the list names every script `regex` knows.
SCRIPTS = (  # noqa: SIM905 - eleven lines of codes rather than 177
    "Latn Bopo Grek Copt Cyrl Armn Hebr Arab Syrc Thaa Nkoo Samr Mand Deva Beng Guru Gujr "
    "Orya Taml Telu Knda Mlym Sinh Thai Laoo Tibt Mymr Geor Hang Ethi Cher Cans Ogam Runr "
    "Tglg Hano Buhd Tagb Khmr Mong Limb Tale Talu Bugi Lana Bali Sund Batk Lepc Olck Brai "
    "Glag Tfng Hani Hira Kana Yiii Lisu Vaii Bamu Sylo Phag Saur Kali Rjng Java Cham Tavt "
    "Mtei Linb Lyci Cari Ital Goth Perm Ugar Xpeo Dsrt Shaw Osma Osge Elba Aghb Vith Todr "
    "Lina Cprt Armi Palm Nbat Hatr Phnx Lydi Sidt Mero Merc Khar Sarb Narb Mani Avst Prti "
    "Phli Phlp Orkh Hung Rohg Gara Yezi Sogo Sogd Ougr Chrs Elym Brah Kthi Sora Cakm Mahj "
    "Shrd Khoj Mult Sind Gran Tutg Newa Tirh Sidd Modi Takr Ahom Dogr Wara Diak Nand Zanb "
    "Soyo Pauc Sunu Bhks Marc Gonm Gong Tols Maka Kawi Xsux Pcun Cpmn Egyp Hluw Gukh Mroo "
    "Tnsa Bass Hmng Krai Medf Berf Plrd Tang Nshu Kits Jurc Dupl Sgnw Hmnp Toto Wcho Nagm "
    "Onao Tayo Mend Adlm Seal Hrkt"
).split()
_IN_SCRIPT = tuple(
    (script, regex.compile(rf"\p{{Script_Extensions={script}}}")) for script in SCRIPTS
)
# One writing system in several scripts (Unicode TS #39, 5.1): Japanese writes Han, Hiragana
# and Katakana together, Korean Han and Hangul, Chinese Han and Bopomofo.
_WRITING_SYSTEMS = {
    "Hani": {"Jpan", "Kore", "Hanb"},
    "Hira": {"Jpan"},
    "Kana": {"Jpan"},
    "Hrkt": {"Jpan"},
    "Hang": {"Kore"},
    "Bopo": {"Hanb"},
}
_WORD = regex.compile(r"\w+")


@functools.lru_cache(maxsize=1 << 14)
def scripts_of(character: str) -> frozenset[str]:
    """The scripts a character is written in (its Script_Extensions, with the writing systems
    that combine them); empty for Common and Inherited characters, which fit any script."""
    scripts = {script for script, pattern in _IN_SCRIPT if pattern.match(character)}
    for script in list(scripts):
        scripts |= _WRITING_SYSTEMS.get(script, set())
    return frozenset(scripts)


def mixed_script_word(text: str) -> str | None:
    """A word that mixes scripts, like 'Lavrov' typed with a Cyrillic o: it looks like one
    name but is another string, so two people could seem to be one. A word mixes scripts when
    no one script (or writing system) holds all its characters; punctuation, digits and marks
    shared by many scripts fit any."""
    if text.isascii():
        return None  # every ASCII letter is Latin
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        common: frozenset[str] | None = None
        for character in word:
            scripts = scripts_of(character)
            if scripts:
                common = scripts if common is None else common & scripts
                if not common:
                    return str(word)
    return None


REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
# Unicode's 66 noncharacters (a set fixed by its stability policy): U+FDD0-U+FDEF and the last
# two code points of each of the 17 planes.
NONCHARACTERS = (
    *range(0xFDD0, 0xFDF0),
    *(plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)),
)
UNSAFE_IN_OUTPUT: dict[int, str] = dict.fromkeys(
    (
        *range(0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        *range(0xD800, 0xE000),
        *NONCHARACTERS,
    ),
    REPLACEMENT,
)
"""What no output may carry as it is, as a str.translate table to U+FFFD: control characters
other than tab, line feed and carriage return (illegal in XML 1.0, non-printable to YAML,
parse errors in HTML), lone surrogates (not encodable as UTF-8) and noncharacters (U+FFFE and
U+FFFF are illegal in XML and YAML; the others are not text)."""
# Every unsafe character, and every character from U+1FFFE up (real ones too, such as rare
# CJK ideographs): ranges keep the search fast; the table decides.
_MAYBE_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe-\U0010ffff]"
)


def has_unsafe_characters(text: str) -> bool:
    """Whether text holds a character of UNSAFE_IN_OUTPUT. Every one of them is unprintable
    (controls, surrogates, unassigned code points; a test checks each), so printable text,
    nearly all text, is answered by one loop in C, 5 to 7 times faster than the search."""
    if text.isprintable():
        return False
    return any(ord(found.group()) in UNSAFE_IN_OUTPUT for found in _MAYBE_UNSAFE.finditer(text))


def without_unsafe_characters(text: str) -> str:
    """text with every character of UNSAFE_IN_OUTPUT replaced by U+FFFD, which shows that
    something was there. Validation rejects all of them; this keeps the writers of XML, YAML
    and HTML safe on their own, whatever reaches them."""
    return text.translate(UNSAFE_IN_OUTPUT) if has_unsafe_characters(text) else text


def visible_text(value: str) -> str:
    """A validator: value, unless it holds a hidden character (the error says which)."""
    problem = hidden_character_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def single_script_words(value: str) -> str:
    """A validator: value, unless a word of it mixes scripts (the error quotes it)."""
    word = mixed_script_word(value)
    if word:
        raise ValueError(
            f"the word {word!r} mixes letters of different scripts (such as Latin and "
            "Cyrillic), so it only looks like the name it imitates; retype it"
        )
    return value
