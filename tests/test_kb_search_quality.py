"""Hybrid search with the real model on the fixture archive: paraphrased questions find the right incident."""

import pytest

from agent.kb.similar import similar_incidents


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("HTTPS handshakes failing because our TLS cert ran out", "Public API certificate expired"),
        ("writes kept going to the old primary after promoting a replica", "Checkout errors after a database failover"),
        ("bad routing rule deployed to all regions returned 502", "Edge proxy configuration push broke checkout"),
        ("service discovery lookups broke after a resolver change", "Internal DNS change took down service discovery"),
        ("we lost application logs when storage ran out", "Log collector disk filled up"),
    ],
)
def test_paraphrased_questions_find_the_incident_first(kb_archive, query, title):
    hits = kb_archive.search(query, k=3)
    assert hits[0].title == title
    assert hits[0].similarity is not None and hits[0].similarity > 0.3


def test_results_are_one_hit_per_post_mortem_best_first(kb_archive):
    hits = kb_archive.search("configuration change rolled out to every region", k=5)
    assert len({h.source for h in hits}) == len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert {hits[0].title, hits[1].title} == {
        "Edge proxy configuration push broke checkout",
        "Internal DNS change took down service discovery",
    }


def test_an_exact_rare_term_is_found_by_the_lexical_side(kb_archive):
    hits = kb_archive.search("AKIA", k=5)  # redacted away: no chunk may match it lexically
    assert all("AKIA" not in h.snippet for h in hits)
    hit = kb_archive.search("upstream", k=1)[0]
    assert hit.title == "Edge proxy configuration push broke checkout"
    assert "upstream" in hit.snippet


def test_similar_incidents_flag_repeats_and_ignore_unrelated_questions(kb_archive):
    found = similar_incidents(kb_archive, "our API gateway certificate expired overnight", failure_class="Certificate-Expiry")
    assert found[0].title == "Public API certificate expired"
    assert found[0].repeat is True
    assert found[0].what_they_changed.startswith("Automate certificate renewal for the public API")
    assert all(not s.repeat for s in found[1:])
    assert similar_incidents(kb_archive, "the team offsite budget approval was late") == []
