from hybridwatch.narratives.actors import Actor, ActorIndex, bundled, fold, merged


def index() -> ActorIndex:
    return ActorIndex(bundled())


def test_fold_removes_case_accents_and_punctuation() -> None:
    assert fold("  Rossía-24 ") == "rossia 24"


def test_exact_aliases_and_handles() -> None:
    idx = index()
    assert idx.resolve("Russian MFA (Telegram)")[0].id == "ru-mfa"
    assert idx.resolve("@MFA_Russia") == (idx.actors["ru-mfa"], "handle")
    assert idx.resolve("Мария Захарова")[0].id == "ru-zakharova"


def test_euvsdisinfo_outlet_spellings() -> None:
    idx = index()
    assert idx.resolve("TASS - Russian")[0].id == "ru-tass"
    assert idx.resolve("60 minut @Rossiya 1 - YouTube")[0].id == "ru-rossiya1"
    assert idx.resolve("Rossia 24 - YouTube")[0].id == "ru-rossiya24"
    assert idx.resolve("Vremya pokazhet @Pervyi kanal, 21:55")[0].id == "ru-channel1"


def test_unknown_speaker_stays_its_own_actor() -> None:
    actor, how = index().resolve("Some Blog - Facebook")
    assert how == "unresolved"
    assert actor.id == "unresolved:some blog facebook"
    assert actor.kind == "unknown"
    assert actor.name == "Some Blog - Facebook"


def test_alias_must_match_whole_words() -> None:
    # "rt" is an alias of RT; it must not match inside another word
    assert index().resolve("Smart News Daily")[1] == "unresolved"


def test_case_actors_add_and_replace() -> None:
    mine = Actor("ru-tass", "TASS (case)", "RU", "state media", ("ITAR-TASS",))
    new = Actor("x-front", "Example Front", "AZ", "proxy", ("Example Front Group",))
    idx = ActorIndex(merged([mine, new]))
    assert idx.resolve("ITAR-TASS")[0].name == "TASS (case)"
    assert idx.resolve("Example Front Group")[0].kind == "proxy"
