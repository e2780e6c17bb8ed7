"""Word tables for the spelling rule (tables only): stop words that tell a caption's language,
British words the American list lacks, newsroom words, and the small words inside names.
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _list(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The commonest short words of each language: a caption's language is the one whose words it
# uses most (``spelling.detect_language``). A word in two lists counts for both.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the and of in on at is are was were with from for during after before by an as "
        "his her their this that which who while to be has have you your it its not but or "
        "they he she we our"
    ),
    "fr": _words(
        "le la les des du au aux et est une dans sur pour avec lors après qui sont ses "
        "leur pendant cette ce à de tu ta ton ne pas elle"
    ),
    "es": _words(
        "el los las del y en un una es con por para durante tras sus que como al este esta su "
        "de"  # shared with French and Dutch, but the commonest word of a Spanish caption
    ),
    "pt": _words(
        "o os as do da dos das e em um uma no na nos nas com por para durante após seu sua que ao "
        "de"
    ),
    "de": _words(
        "der die das und ist mit von den dem bei nach während auf ein eine im zum zur sich des auch"
    ),
    "it": _words(
        "il lo gli della delle del dei di e è con per durante dopo nel nella sul sulla "
        "un una che alla"
    ),
    "nl": _words(
        "de het een en van in op met voor tijdens na bij is zijn aan door dat die wordt naar"
    ),
}

# British spellings no rewrite rule reaches (``dictionary._BRITISH_REWRITES`` does the rest).
BRITISH = _words("""
    aluminium aeroplane aeroplanes cheque cheques kerb kerbs tyres programme programmes
    pyjamas plough ploughs ploughed sceptic sceptical storey storeys draught draughts
    whilst amongst learnt spelt burnt dreamt manoeuvre manoeuvres manoeuvring moustache
    grey greys greyer enrol enrols enrolment instalment fulfil fulfils fulfilment skilful
    wilful jewellery mould moulds moulding smoulder smouldering gaol gaols lorry lorries
    pavement pavements postcode motorway motorways queue queues queued queuing
    practise practised practising licence licences offence offences defence defences
    pretence analyse analysed analysing paralyse paralysed catalyse
    """)

# Words wire captions use that the frequency lists lack.
NEWSROOM: dict[str, tuple[str, ...]] = {
    "en": tuple(
        _words("""
        etc photocall livestream livestreamed frontline frontlines ceasefire ceasefires
        barista baristas
        airstrike airstrikes drone drones handout handouts lawmaker lawmakers
        policymakers policymaker counterprotester counterprotesters
        paralympic paralympics paralympian paralympians
        carmaker carmakers rouble roubles jihadist jihadists coronavirus mpox bitcoin
        crypto cryptocurrency cryptocurrencies fintech telecom telecoms influencer
        influencers peloton tuk
        """)
    ),
}

# Lower-case words inside people's and places' names ("Ursula von der Leyen", "Luiz Inácio Lula
# da Silva", "Rio de Janeiro"): never flagged, whatever the caption's language.
NAME_PARTICLES = _words("""
    al bin ibn bint abu abd da das de del della der di do dos du el la le lo van von ter ten
    den het zu y e af av
    """)

# Inflectional endings (verbs, plurals, participles) of the languages whose word lists hold the
# common forms only: ``Dictionary.known_inflection`` accepts a word whose stem, bare or with
# another of these endings, is known. English needs only the plural: its list has the other
# inflected forms.
ENDINGS: dict[str, tuple[str, ...]] = {
    "en": ("s",),
    "fr": _list(
        "er ir re e es ent ons ez ais ait aient ai a as é ée és ées ant i is it ie ies "
        "èrent irent era eront erait eraient x"
    ),
    "es": _list(
        "ar er ir a as an o e es en amos emos imos aba abas aban ábamos ía ías ían ó ió "
        "aron ieron ado ada ados adas ido ida idos idas ando iendo ará arán erá erán "
        "irá irán aría arían ara aran iera ieran s"
    ),
    "pt": _list(
        "ar er ir a as am o os e es em amos emos imos ava avam ia iam ou eu iu aram eram "
        "iram ado ada ados adas ido ida idos idas ando endo indo ará arão s"
    ),
    "de": _list("en n t te ten et st e er es em ern"),
    "it": _list(
        "are ere ire a e i o ano ono iamo ate ete ite ava avano eva evano ò ato ata "
        "ati uto uta uti ito ita iti ando endo erà eranno"
    ),
    "nl": _list("en n t te ten de den d e s"),
}
