"""A case's statements as columns, with canonical actors and vectors, for the analysis steps."""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hybridwatch.case import Case
from hybridwatch.narratives import embed, store
from hybridwatch.narratives.actors import FAST_KINDS, Actor, ActorIndex, merged
from hybridwatch.narratives.config import NarrativeSettings
from hybridwatch.narratives.tokens import Tokens

log = logging.getLogger(__name__)


@dataclass
class Corpus:
    """Statements in time order (then by id); row i of every array is statement `ids[i]`."""

    ids: np.ndarray  # int64
    times: np.ndarray  # float64, seconds since the epoch (UTC)
    day_only: np.ndarray  # bool
    actor_ids: list[str]
    texts: list[str]
    tokens: Tokens  # the texts cut at whitespace
    external_ids: list[str | None]
    urls: list[str | None]
    actors: dict[str, Actor]
    vectors: np.ndarray  # (n, dim) float32, unit rows
    embedder: str
    actor_codes: np.ndarray  # int64 per row: index into actor_names
    actor_names: list[str]  # the actor ids, each once
    record_codes: np.ndarray  # int64 per row: the source record (external id), -1 if none
    figure_masks: np.ndarray  # uint64 per row: the figures the text gives, hashed to bits

    def __len__(self) -> int:
        return len(self.ids)

    def fast(self) -> np.ndarray:
        """Rows whose actor is an account (echoes within minutes, not days)."""
        kinds = np.asarray([self.actors[a].kind in FAST_KINDS for a in self.actor_names], bool)
        fast: np.ndarray = kinds[self.actor_codes]
        return fast


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def _figure_bits(token: str) -> int:
    mask = 0
    for figure in _FIGURE.findall(token):
        mask |= 1 << (zlib.crc32(re.sub(r"[.,]", "", figure).encode()) % 64)
    return mask


def figure_masks(tokens: Tokens) -> np.ndarray:
    """Per text, the figures it gives ("16", "1,000" = "1000"), each hashed to one of 64 bits.

    Two texts whose masks share no bit share no figure; a shared bit may, rarely, be two
    different figures, which only keeps a pair that could have been dropped. No figure spans
    whitespace, so each distinct token is read once.
    """
    bits = np.fromiter(map(_figure_bits, tokens.distinct), np.uint64, len(tokens.distinct))
    token_bits = bits[tokens.code]
    given = token_bits != 0
    doc, token_bits = tokens.doc[given], token_bits[given]
    masks = np.zeros(tokens.texts, np.uint64)
    if len(doc):
        starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
        masks[doc[starts]] = np.bitwise_or.reduceat(token_bits, starts)
    return masks


def _codes(values: list[str] | list[str | None] | pa.Array) -> tuple[np.ndarray, list[str]]:
    """An integer code per value (-1 for None) and the distinct values in code order (that of
    their first appearance)."""
    encoded = pc.dictionary_encode(
        values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    )
    codes = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64)
    return codes, encoded.dictionary.to_pylist()


def _resolve_actors(
    ids: np.ndarray,
    speakers: pa.Array,
    day_only: np.ndarray,
    settings: NarrativeSettings,
) -> tuple[list[str], dict[str, Actor], dict[str, pa.Table]]:
    """Canonical actor per statement, and the rows of `actors` and `statement_actors` anew.

    A speaker no list knows is an account when the source times its statements to the second
    (social-media streams), else an actor of unknown kind. Each distinct speaker is resolved once.
    """
    index = ActorIndex(merged(settings.actors))
    speaker_codes, distinct = _codes(speakers)
    timed = np.bincount(speaker_codes, weights=~day_only, minlength=len(distinct)) > 0
    actors = dict(index.actors)
    actor_of: list[str] = []
    how_of: list[str] = []
    for speaker, any_timed in zip(distinct, timed.tolist(), strict=True):
        actor, how = index.resolve(speaker)
        if how == "unresolved" and any_timed:
            actor = Actor(actor.id, actor.name, None, "account")
        actors[actor.id] = actor
        actor_of.append(actor.id)
        how_of.append(how)
    take = pa.array(speaker_codes)
    actor_ids = pa.array(actor_of, pa.string()).take(take)
    listed = list(actors.values())
    actor_rows = pa.table(
        {
            "id": [a.id for a in listed],
            "name": [a.name for a in listed],
            "country": [a.country for a in listed],
            "kind": [a.kind for a in listed],
            "aliases": [list(a.aliases) for a in listed],
            "handles": [list(a.handles) for a in listed],
        }
    )
    links = pa.table(
        {
            "statement_id": pa.array(ids, pa.int64()),
            "actor_id": actor_ids,
            "how": pa.array(how_of, pa.string()).take(take),
        }
    )
    return actor_ids.to_pylist(), actors, {"actors": actor_rows, "statement_actors": links}


def _store(case: Case, tables: dict[str, pa.Table]) -> None:
    """The rows of each table replaced, through a connection of this thread's own."""
    con = case.con.cursor()
    try:
        for name, rows in tables.items():
            store.replace(con, name, rows)
    finally:
        con.close()


SLOW_EMBEDDING = 20_000  # warn before embedding this many texts with a model
E5_RATE = 25  # statements a second, e5-small on two cores (bench/narratives.py)

FORMULA_WORDS = 4  # a formula is a run of at least this many words …
FORMULA_SHARE = 0.05  # … opening or framing this share of one actor's statements
FORMULA_MIN_STATEMENTS = 40  # actors with fewer statements have no formulas worth the name


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd, so multiplying by it loses nothing


def without_formulas(texts: list[str], actor_ids: list[str]) -> list[str]:
    """Texts with each actor's recurring formulas taken out (`formula_words`), as text: what a
    model embeds. Words are joined by one space where a formula was taken out."""
    tokens = Tokens.of(texts)
    return _cleaned(texts, tokens, formula_words(tokens, _codes(actor_ids)[0]))


def _cleaned(texts: list[str], tokens: Tokens, dropped: np.ndarray) -> list[str]:
    """`texts` (cut into `tokens`) without the token occurrences `dropped`."""
    out = list(texts)
    rows = np.flatnonzero(np.bincount(tokens.doc[dropped], minlength=len(texts))).tolist()
    for row, text in zip(rows, tokens.where(~dropped).joined(rows), strict=True):
        out[row] = text
    return out


def formula_words(tokens: Tokens, actor_codes: np.ndarray) -> np.ndarray:
    """Per token occurrence: whether embedding leaves it out, as part of a formula of its actor.

    A ministry's channel opens most posts with "Comment by Foreign Ministry Spokeswoman Maria
    Zakharova on …"; left in, the formula outweighs the topic and every comment looks alike.
    Runs of words that recur in many statements of the same actor are dropped; a text made only
    of formulas is kept whole.

    Words are casefolded once per distinct token; each run of four words is hashed with its
    actor to 64 bits (two runs meeting on one hash, about one chance in ten million at a million
    statements, would be counted together). Actors are split between the cores: formulas are
    each actor's own.
    """
    dropped = np.zeros(len(tokens.code), bool)
    statements = np.bincount(actor_codes, minlength=1)
    eligible = statements[actor_codes] >= FORMULA_MIN_STATEMENTS
    eligible_texts = int(statements[statements >= FORMULA_MIN_STATEMENTS].sum())
    shares = max(1, min(os.cpu_count() or 1, eligible_texts // 10_000))
    folded = _codes([t.casefold() for t in tokens.distinct])[0].astype(np.uint64)
    # per text its share of the cores, -1 when its actor has too few statements
    share_of = np.where(eligible, actor_codes % shares, -1).astype(np.int16)[tokens.doc]

    def covered(share: int) -> tuple[np.ndarray, np.ndarray]:
        part = np.flatnonzero(share_of == share)
        doc, token = tokens.doc[part], folded[tokens.code[part]]
        return part, _covered(doc, token, actor_codes, statements)

    with ThreadPoolExecutor(shares) as pool:
        for part, words in pool.map(covered, range(shares)):
            dropped[part] = words
    return dropped


def _covered(
    doc: np.ndarray, token: np.ndarray, actor_codes: np.ndarray, statements: np.ndarray
) -> np.ndarray:
    """Per word (text `doc`, casefolded `token`, in text order): whether a formula covers it in a
    text that has more than formulas. `statements`: per actor code, how many it has."""
    runs = max(len(token) - FORMULA_WORDS + 1, 0)  # a run starts at every word but the last 3
    run = actor_codes[doc[:runs]].view(np.uint64)  # a fresh array: codes are not negative
    for k in range(FORMULA_WORDS):  # in place: these are the largest arrays of the step
        run *= _MIX
        run ^= token[k : k + runs]
    starts = np.flatnonzero(doc[:runs] == doc[FORMULA_WORDS - 1 :])  # runs within one text
    run = run[starts]
    # a formula recurs at least 3 times: most runs occur once, and a run whose top bits no
    # other 2 runs share cannot recur (2 to 4 times as many buckets as runs); the rest are sorted
    bits = max(len(run).bit_length() + 1, 8)
    bucket = (run >> np.uint64(64 - bits)).view(np.int64)
    recurring = np.bincount(bucket, minlength=1 << bits)[bucket] >= 3
    starts, run = starts[recurring], run[recurring]
    # statements per (actor, run): sorted stably by run, each run's starts stay in text order,
    # so a run's statements are where the run or the text changes
    order = np.argsort(run, kind="stable")
    run, run_doc = run[order], doc[starts[order]]
    first = np.r_[True, run[1:] != run[:-1]]
    group = np.cumsum(first) - 1
    per_group = np.bincount(group, weights=first | np.r_[True, run_doc[1:] != run_doc[:-1]])
    floor = np.maximum(3, FORMULA_SHARE * statements[actor_codes[run_doc]])
    formula_starts = starts[order][per_group[group] >= floor]
    # the words a formula covers: its start and the next three
    covered = np.zeros(len(token), bool)
    for k in range(FORMULA_WORDS):
        covered[formula_starts + k] = True
    # a text all formulas is kept whole
    if len(doc):
        bounds = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
        words = np.diff(np.r_[bounds, len(doc)])
        whole = np.add.reduceat(covered, bounds, dtype=np.int64) == words
        covered &= ~np.repeat(whole, words)
    return covered


def _counting(progress: Callable[[int, int], None] | None, total: int) -> Callable[[int], None]:
    """An embedder's callback (texts just embedded) as (done, total) for `progress`."""
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    return step


def _vectors(
    case: Case,
    texts: list[str],
    tokens: Tokens,
    dropping: Future[np.ndarray],
    name: str,
    progress: Callable[[int, int], None] | None,
) -> tuple[np.ndarray, str]:
    """Vectors of `texts` (cut into `tokens`) without their formulas: the token occurrences
    `dropping` yields, found meanwhile in another thread."""
    model = embed.embedder(name)
    if isinstance(model, embed.LexicalEmbedder):
        words = embed.content_words(tokens)  # while the formulas are found
        kept = words.where(~dropping.result()[words.token])
        return model.embed_words(kept, _counting(progress, len(texts))), model.name
    texts = _cleaned(texts, tokens, dropping.result())
    digests = [embed.digest(t) for t in texts]
    cached = case.con.execute(
        "SELECT digest, vector FROM statement_vectors WHERE embedder = ?", [model.name]
    ).to_arrow_table()
    row_of = {d: i for i, d in enumerate(cached.column("digest").to_pylist())}
    flat = cached.column("vector").combine_chunks().flatten().to_numpy(zero_copy_only=False)
    known = flat.reshape(len(row_of), model.dim).astype(np.float32)
    missing = sorted({d: i for i, d in enumerate(digests) if d not in row_of}.items())
    if missing:
        log.info("embedding %d new statement texts with %s", len(missing), model.name)
        if len(missing) >= SLOW_EMBEDDING:
            log.warning(
                "embedding %d statements with %s takes roughly %d minutes on two cores (about"
                ' %d a second); [narratives] embedder = "lexical" in case.toml is a fast'
                " pass that does not see across languages",
                len(missing),
                model.name,
                len(missing) / E5_RATE / 60,
                E5_RATE,
            )
        fresh = model.embed([texts[i] for _, i in missing], _counting(progress, len(missing)))
        vectors = pa.FixedSizeListArray.from_arrays(pa.array(fresh.ravel()), model.dim)
        table = pa.table(
            {
                "digest": [d for d, _ in missing],
                "embedder": [model.name] * len(missing),
                "vector": vectors.cast(pa.list_(pa.float32())),
            }
        )
        store.insert(case, "statement_vectors", table)
        for offset, (d, _) in enumerate(missing):
            row_of[d] = len(known) + offset
        known = np.vstack([known, fresh])
    return known[[row_of[d] for d in digests]], model.name


def load(
    case: Case, settings: NarrativeSettings, progress: Callable[[int, int], None] | None = None
) -> Corpus:
    """The statements with actors and vectors; `progress(done, total)` as texts are embedded."""
    rows = case.con.execute(
        """
        SELECT id, epoch(published), day_only, actor, text, external_id, url
        FROM statements ORDER BY published, id
        """
    ).to_arrow_table()
    ids = rows.column(0).to_numpy()
    texts = rows.column(4).to_pylist()
    tokens = Tokens.of(rows.column(4))
    day_only = rows.column(2).to_numpy()
    speakers = rows.column(3).combine_chunks()
    actor_ids, actors, actor_tables = _resolve_actors(ids, speakers, day_only, settings)
    actor_codes, actor_names = _codes(actor_ids)
    # actors stored, formulas and figures found, while the vectors are begun
    with ThreadPoolExecutor(2) as pool:
        stored = pool.submit(_store, case, actor_tables)
        dropping = pool.submit(formula_words, tokens, actor_codes)
        figures = pool.submit(figure_masks, tokens)
        vectors, used = _vectors(case, texts, tokens, dropping, settings.embedder, progress)
        stored.result()
    external_ids = rows.column(5).to_pylist()
    return Corpus(
        ids=ids.astype(np.int64),
        times=rows.column(1).to_numpy().astype(np.float64),
        day_only=day_only.astype(bool),
        actor_ids=actor_ids,
        texts=texts,
        tokens=tokens,
        external_ids=external_ids,
        urls=rows.column(6).to_pylist(),
        actors=actors,
        vectors=vectors,
        embedder=used,
        actor_codes=actor_codes,
        actor_names=actor_names,
        record_codes=_codes(rows.column(5).combine_chunks())[0],
        figure_masks=figures.result(),
    )
