"""What the pictures show: the data read from the store, the selection, the layouts."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kg.demo import example_path
from kg.errors import InputError
from kg.ingest import ingest
from kg.store import Store
from kg.viz import data as viz_data
from kg.viz import parts
from kg.viz.columns import column_layout
from kg.viz.data import Picture, build_picture
from kg.viz.select import choose_claims, rank_propositions
from kg.viz.timeline import claim_day, timeline_layout

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def claim_key(picture: Picture, claim_id: str) -> str:
    return next(c.key for c in picture.claims.values() if c.id == claim_id)


def speaker_names(picture: Picture, keys: list[str]) -> set[str]:
    return {picture.speakers[picture.claims[k].speaker].name for k in keys}


def test_the_example_has_its_speakers_claims_and_links(example_store: Store) -> None:
    picture = build_picture(example_store)
    names = {s.name: s.kind for s in picture.speakers.values()}
    assert names == {
        "Sam Altman": "Person",
        "Lucas Beyer": "Person",
        "Numerama": "Organization",
        "Bloomberg": "Organization",
        "Sources proches du dossier": "AnonymousSource",
    }
    assert len(picture.claims) == 12
    altman, beyer = claim_key(picture, "altman-100m"), claim_key(picture, "beyer-denial")
    [rebuttal] = picture.contradictions()
    assert (rebuttal.kind, {rebuttal.a, rebuttal.b}) == ("rebuttal", {altman, beyer})
    assert "answering Sam Altman" in rebuttal.reason
    [agreement] = [link for link in picture.links if not link.is_contradiction]
    assert {picture.claims[agreement.a].id, picture.claims[agreement.b].id} == {
        "beyer-joining",
        "trio-joined-meta",
    }
    assert picture.summary() == "12 claims by 5 speakers, 1 contradiction, 1 corroboration"


def test_a_claim_carries_what_a_reader_needs(example_store: Store) -> None:
    picture = build_picture(example_store)
    claim = picture.claims[claim_key(picture, "pang-200m")]
    assert claim.quote is not None and claim.quote.startswith("Meta avait offert à Pang")
    assert (claim.lang, claim.said_on, claim.amount, claim.stance) == (
        "fr",
        "2025-07-09",
        "≥ $200M",
        "asserts",
    )
    assert claim.reported_by == ("Bloomberg",)
    source = picture.sources[claim.source or ""]
    assert source.title.startswith("Apple perd son génie")
    assert (source.published, source.publisher) == ("2025-07-11", "Numerama")
    contested = {p.label for p in picture.propositions.values() if p.contested}
    assert contested == {
        "Meta · offered a signing bonus to · OpenAI staff",
        "Meta · offered a signing bonus to · Lucas Beyer and two OpenAI colleagues",
    }


def test_about_keeps_the_claims_that_answer_them(example_store: Store) -> None:
    picture = build_picture(example_store, about="openai-trio")
    ids = {c.id for c in picture.claims.values()}
    # Altman's claim is about OpenAI staff, not the trio, but Beyer's denial answers it.
    assert "altman-100m" in ids and "beyer-denial" in ids
    assert "pang-200m" not in ids
    assert len(picture.contradictions()) == 1


def picture_facts(picture: Picture, keys: set[str] | None = None) -> dict[str, Any]:
    """What a reader sees of a picture (or of its claims ``keys``), by ids and names."""
    keys = set(picture.claims) if keys is None else keys
    ids = {k: picture.claims[k].id for k in keys}
    return {
        "claims": sorted(ids.values()),
        "links": sorted(
            (link.kind, *sorted((ids[link.a], ids[link.b])), link.reason)
            for link in picture.links
            if link.a in keys and link.b in keys
        ),
        "contested": sorted(
            picture.propositions[c.proposition].label
            for k in keys
            if (c := picture.claims[k]).proposition is not None
            and picture.propositions[c.proposition].contested
        ),
    }


def test_about_reads_the_same_picture_as_the_whole_store_cut_down(empty_store: Store) -> None:
    # --about reads only the claims about the node and their links (a whole store's links
    # took a minute at a million claims): it must show what cutting the whole picture
    # down to those claims shows, for every agent and entity of two stories.
    ingest(empty_store, [example_path(), EXAMPLES / "harbour-strike.yaml"])
    whole = build_picture(empty_store)
    names = {s.name for s in whole.speakers.values()} | {e.name for e in whole.entities.values()}
    for name in sorted(names):
        about = build_picture(empty_store, about=name)
        iris = {c.iri for c in about.claims.values()}
        keys = {k for k, c in whole.claims.items() if c.iri in iris}
        assert len(keys) == len(iris), name
        assert picture_facts(about) == picture_facts(whole, keys), name


def test_focus_on_a_speaker_or_a_claim(example_store: Store) -> None:
    picture = build_picture(example_store, focus="Beyer")
    assert picture.focus is not None and picture.speakers[picture.focus].name == "Lucas Beyer"
    assert {picture.claims[k].id for k in picture.focus_claims} == {
        "altman-100m",
        "beyer-denial",
        "beyer-joining",
        "trio-joined-meta",
    }
    by_claim = build_picture(example_store, focus="altman-100m")
    assert {by_claim.claims[k].id for k in by_claim.focus_claims} == {"altman-100m", "beyer-denial"}
    with pytest.raises(InputError, match="--focus 'nobody'"):
        build_picture(example_store, focus="nobody")


def sheet(claims: list[dict[str, Any]], agents: int = 6) -> dict[str, Any]:
    """A small claim sheet over agents ``a0…`` speaking about things ``t0…``."""
    return {
        "sheet": 1,
        "base": "https://example.org/viz-test/",
        "sources": [
            {"id": "src", "title": "A source", "language": "en", "published": "2025-01-01"}
        ],
        "agents": [{"id": f"a{n}", "name": f"Agent {n}", "type": "Person"} for n in range(agents)],
        "entities": [{"id": f"t{n}", "name": f"Thing {n}"} for n in range(40)],
        "claims": claims,
    }


def crowd(store: Store, tmp_path: Any, groups: int = 20) -> Picture:
    """``groups`` propositions: group n has n+1 claims, one of which denies the rest."""
    claims = []
    for g in range(groups):
        for n in range(g + 1):
            claims.append(
                {
                    "id": f"g{g}-c{n}",
                    "claimant": f"a{(g + n) % 6}",
                    "stance": "denies" if n == 0 and g > 0 else "asserts",
                    "statement": [f"t{g}", "praised", f"t{g + 1}"],
                    "source": "src",
                    "said_on": f"2025-{1 + g % 12:02d}-{1 + n % 28:02d}",
                }
            )
    path = tmp_path / "crowd.json"
    path.write_text(json.dumps(sheet(claims)), encoding="utf-8")
    ingest(store, [path])
    return build_picture(store)


def test_a_big_store_is_drawn_from_its_most_contested_propositions(
    empty_store: Store, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past WHOLE_PICTURE_CLAIMS the picture reads only the most contested propositions'
    # claims that fit (group 19: 20 claims, 19 contradictions; group 18 would pass 30).
    monkeypatch.setattr(viz_data, "WHOLE_PICTURE_CLAIMS", 30)
    picture = crowd(empty_store, tmp_path)
    assert {c.id.split("-")[0] for c in picture.claims.values()} == {"g19"}
    assert len(picture.claims) == 20 and len(picture.contradictions()) == 19
    assert picture.scope == (
        "the claims of the 1 most contested proposition and the claims linked to them, "
        "of 210 claims in the store (--about draws another part)"
    )


def test_a_big_store_without_contradictions_is_drawn_from_its_most_claimed(
    empty_store: Store, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = [
        {
            "id": f"c{n}",
            "claimant": f"a{n % 6}",
            "stance": "asserts",
            "source": "src",
            "statement": [f"t{n % 4}", "praised", "t9"],
        }
        for n in range(13)
    ]  # t0 is praised four times, the others three
    path = tmp_path / "calm.json"
    path.write_text(json.dumps(sheet(claims)), encoding="utf-8")
    ingest(empty_store, [path])
    monkeypatch.setattr(viz_data, "WHOLE_PICTURE_CLAIMS", 5)
    picture = build_picture(empty_store)
    assert sorted(c.id for c in picture.claims.values()) == ["c0", "c12", "c4", "c8"]


def test_focus_on_a_big_store_starts_from_the_same_claims(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(empty_store, [example_path(), EXAMPLES / "harbour-strike.yaml"])
    for needle in ("Beyer", "altman-100m", "meta", "union-60pct", "Ana Ruiz", "port"):
        whole = build_picture(empty_store, focus=needle)
        monkeypatch.setattr(viz_data, "WHOLE_PICTURE_CLAIMS", 5)
        part = build_picture(empty_store, focus=needle)
        monkeypatch.undo()
        ids = {whole.claims[k].id for k in whole.focus_claims}
        assert ids and {part.claims[k].id for k in part.focus_claims} == ids, needle
        assert part.scope.startswith("read from a store of 23 claims; "), part.scope
    monkeypatch.setattr(viz_data, "WHOLE_PICTURE_CLAIMS", 5)
    with pytest.raises(InputError, match="--focus 'nobody'"):
        build_picture(empty_store, focus="nobody")


def test_big_pictures_start_from_the_most_contested(empty_store: Store, tmp_path: Any) -> None:
    picture = crowd(empty_store, tmp_path)
    ranked = rank_propositions(picture)
    labels = [picture.propositions[p].label for p in ranked]
    assert labels[0] == "Thing 19 · praised · Thing 20"  # 19 contradictions
    assert labels[-1] == "Thing 0 · praised · Thing 1"  # one claim, no conflict
    selection = choose_claims(picture, max_nodes=60)
    chosen_props = {picture.claims[k].proposition for k in selection.claims}
    nodes = (
        len(selection.claims) + len(chosen_props) + len(speaker_names(picture, selection.claims))
    )
    assert nodes <= 60
    assert chosen_props == set(ranked[: len(chosen_props)])
    assert not selection.complete
    assert selection.left_out().startswith(f"{210 - len(selection.claims)} of 210 claims")
    assert choose_claims(picture, max_nodes=10_000).complete


def test_the_columns_keep_contradicting_claims_together(example_store: Store) -> None:
    picture = build_picture(example_store)
    layout = column_layout(picture, list(picture.claims))
    rows = {picture.claims[k].id: y for k, y in layout.claims.items()}
    assert abs(rows["altman-100m"] - rows["beyer-denial"]) == 1
    assert sorted(rows.values()) == [float(n) for n in range(12)]
    speakers = sorted(layout.speakers.values())
    assert all(b - a >= 1.2 - 1e-9 for a, b in itertools.pairwise(speakers))


def speaker_line_crossings(order: list[str], ends: list[tuple[str, float]]) -> int:
    """Pairs of speaker-to-claim lines that cross with the speakers stacked in ``order``."""
    place = {speaker: n for n, speaker in enumerate(order)}
    lines = [(place[speaker], row) for speaker, row in ends]
    return sum(
        1 for (a, ra), (b, rb) in itertools.combinations(lines, 2) if (a - b) * (ra - rb) < 0
    )


@pytest.mark.parametrize(
    "sheet",
    ["meta-talent-war.yaml", "harbour-strike.yaml", "openai-board-2023.json"],
)
def test_speakers_are_stacked_with_the_fewest_crossing_lines(
    empty_store: Store, sheet: str
) -> None:
    ingest(empty_store, [EXAMPLES / sheet])
    picture = build_picture(empty_store)
    layout = column_layout(picture, list(picture.claims))
    ends = [(c.speaker, layout.claims[k]) for k, c in picture.claims.items()]
    drawn = sorted(layout.speakers, key=layout.speakers.__getitem__)
    fewest = min(
        speaker_line_crossings(list(order), ends) for order in itertools.permutations(drawn)
    )
    assert speaker_line_crossings(drawn, ends) == fewest


def test_claim_days_and_the_timeline(example_store: Store) -> None:
    assert claim_day("2025") == date(2025, 1, 1)
    assert claim_day("2025-07-09") == date(2025, 7, 9)
    assert claim_day("not a date") is None
    picture = build_picture(example_store)
    layout = timeline_layout(picture)
    at = {picture.claims[k].id: (layout.x[k], layout.y[k]) for k in layout.x}
    assert at["altman-100m"][0] == 0.0  # 2025-06, the first date
    assert at["pang-200m"][0] == (date(2025, 7, 9) - date(2025, 6, 1)).days
    assert layout.undated_from is not None and at["pang-left-apple"][0] > layout.undated_from
    # Lanes in the order speakers first spoke (names break ties).
    assert [picture.speakers[s].name for s in layout.lanes] == [
        "Lucas Beyer",
        "Sam Altman",
        "Numerama",
        "Bloomberg",
        "Sources proches du dossier",
    ]
    assert layout.ticks[0][1] == "2025-06-01"
    # Claims of one speaker on one day are stacked, never drawn on top of each other.
    assert len(set(at.values())) == len(at)


def test_the_bundled_examples_both_draw(empty_store: Store) -> None:
    ingest(empty_store, [example_path("openai-board-2023.json")])
    picture = build_picture(empty_store)
    kinds = {link.kind for link in picture.contradictions()}
    assert "incompatible-value" in kinds


def test_a_node_with_more_claims_than_a_page_is_drawn_from_its_most_contested(
    empty_store: Store, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thing 19 is the subject of group 19 (20 claims, 19 contradictions) and the object of
    # group 18 (19 claims, 18 contradictions): past the budget, group 19 comes first.
    crowd(empty_store, tmp_path)
    whole = build_picture(empty_store, about="Thing 19")
    assert {c.id.split("-")[0] for c in whole.claims.values()} == {"g18", "g19"}
    assert whole.scope == "claims about 'Thing 19' and the claims linked to them"
    monkeypatch.setattr(viz_data, "NODE_PICTURE_BUDGET", 1)  # at least one proposition
    part = build_picture(empty_store, about="Thing 19")
    assert {c.id.split("-")[0] for c in part.claims.values()} == {"g19"}
    assert len(part.contradictions()) == 19
    assert part.scope == (
        "claims about 'Thing 19' and the claims linked to them; the 20 claims of the 1 most "
        "contested proposition among its 39 claims, as many as a page holds"
    )
    focused = build_picture(empty_store, focus="Thing 19")  # a small store: all of it read
    assert len(focused.claims) == 210


def test_claims_by_or_about_a_node_are_those_kg_claims_lists(empty_store: Store) -> None:
    """The picture finds a node's claims without reading their rows; the same claims as
    ``kg claims --by`` and ``--about``, for speakers (with their one voice) and entities."""
    from kg.report import list_claims

    ingest(empty_store, [example_path(), EXAMPLES / "harbour-strike.yaml"])
    found = 0
    for needle in ("Beyer", "altman", "meta", "Ana Ruiz", "port", "union-60pct-x"):
        for by, about in ((needle, None), (None, needle)):
            try:
                expected = {row["iri"] for row in list_claims(empty_store, by=by, about=about)}
            except InputError:
                with pytest.raises(InputError):
                    parts.claim_iris(empty_store, by=by, about=about)
                continue
            assert parts.claim_iris(empty_store, by=by, about=about) == expected, needle
            found += bool(expected)
    assert found >= 5  # by: Beyer, altman, Ana Ruiz; about: meta, port
