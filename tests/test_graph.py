"""Stage 4: the link graph is computed once and every edge has its partner."""

from __future__ import annotations

from conftest import AS_OF, FIXTURE_CORPUS, SEED_ID
from generator.build import pipeline
from generator.story.graph import LinkGraph, briefing_entities, build_graph
from generator.story.models import Corpus, EntityKey, EntityKind, EventStatus


def seed() -> tuple[Corpus, LinkGraph]:
    result = pipeline.check(FIXTURE_CORPUS, AS_OF)
    assert result.corpus is not None
    return result.corpus, build_graph(result.corpus)


def test_every_entity_a_briefing_lists_lists_the_briefing_back() -> None:
    corpus, graph = seed()
    for briefing in corpus.briefings:
        for key in briefing_entities(briefing):
            assert briefing.id in graph.briefings_of[key], key


def test_every_event_participant_lists_the_event_back() -> None:
    _, graph = seed()
    for event_id, keys in graph.entities_of_event.items():
        for key in keys:
            assert event_id in graph.events_of[key]


def test_seed_entities_are_all_present() -> None:
    _, graph = seed()
    expected = {
        EntityKey(EntityKind.COUNTRY, "IN"),
        EntityKey(EntityKind.COUNTRY, "RU"),
        *(
            EntityKey(EntityKind.PERSON, p)
            for p in (
                "s-jaishankar",
                "sergey-lavrov",
                "vladimir-putin",
                "narendra-modi",
                "dmitry-patrushev",
            )
        ),
        *(EntityKey(EntityKind.ORGANISATION, o) for o in ("brics", "sco", "united-nations")),
        *(
            EntityKey(EntityKind.EVENT, e)
            for e in (
                "jaishankar-lavrov-moscow-talks-2025",
                "jaishankar-lavrov-unga80-meeting",
                "patrushev-new-delhi-visit-2025",
                "putin-india-visit-2025",
            )
        ),
    }
    for key in expected:
        assert graph.briefings_of[key] == (SEED_ID,), key


def test_event_reports_carry_status_and_date_as_given() -> None:
    _, graph = seed()
    (talks,) = graph.reports_of["jaishankar-lavrov-moscow-talks-2025"]
    assert (talks.status, str(talks.date)) == (EventStatus.SCHEDULED, "2025-11-17")
    state = graph.state("jaishankar-lavrov-moscow-talks-2025")
    assert state is not None and state.status_from == SEED_ID
    assert str(graph.event_date("putin-india-visit-2025")) == "2025-12"
    assert graph.event_date("unga-80") is None
    assert graph.children_of["unga-80"] == ("jaishankar-lavrov-unga80-meeting",)


def test_people_of_a_country_and_country_uris() -> None:
    _, graph = seed()
    assert graph.people_of_country["IN"] == ("narendra-modi", "s-jaishankar")
    assert graph.uri_of[EntityKey(EntityKind.COUNTRY, "RU")] == "countries/russia.md"
