"""The open-set decision, person templates, negative examples and gallery hygiene (no models)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from custom_components.smart_community.core.recognition.faces.decision import (
    OpenSetPolicy,
    Verdict,
    decide,
)
from custom_components.smart_community.core.recognition.faces.evaluation import (
    LabelledFace,
    open_set_folds,
)
from custom_components.smart_community.core.recognition.faces.gallery import (
    Gallery,
    PersonTemplates,
)
from custom_components.smart_community.core.recognition.faces.hygiene import (
    Finding,
    audit,
    check_photo,
)
from custom_components.smart_community.core.recognition.faces.negatives import NegativeExamples
from custom_components.smart_community.core.recognition.faces.quality import (
    QualityBand,
    QualityReport,
)

POLICY = OpenSetPolicy()


def unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_a_clear_match_of_a_good_face_is_accepted() -> None:
    decision = decide([("anna", 0.55), ("bo", 0.20)], QualityBand.GOOD, POLICY)
    assert decision.verdict is Verdict.MATCH
    assert decision.matched == "anna"
    assert decision.margin == pytest.approx(0.35)


def test_the_same_score_on_a_poor_face_asks_for_another_frame() -> None:
    score = POLICY.thresholds[QualityBand.POOR] - 0.02  # above GOOD's, just under POOR's
    assert score >= POLICY.thresholds[QualityBand.GOOD]
    assert decide([("anna", score)], QualityBand.GOOD, POLICY).verdict is Verdict.MATCH
    poor = decide([("anna", score)], QualityBand.POOR, POLICY)
    assert poor.verdict is Verdict.RETRY
    assert poor.matched is None and poor.person_id == "anna"


def test_a_weak_score_is_unknown() -> None:
    assert decide([("anna", 0.10)], QualityBand.GOOD, POLICY).verdict is Verdict.UNKNOWN


def test_an_unusable_face_is_never_decided() -> None:
    decision = decide([("anna", 0.95)], QualityBand.UNUSABLE, POLICY)
    assert decision.verdict is Verdict.RETRY
    assert decision.threshold is None


def test_two_look_alike_residents_are_not_guessed_between() -> None:
    decision = decide([("anna", 0.60), ("twin", 0.58)], QualityBand.GOOD, POLICY)
    assert decision.verdict is Verdict.UNKNOWN
    assert decision.second_person_id == "twin"


def test_an_empty_gallery_gives_unknown() -> None:
    decision = decide([], QualityBand.GOOD, POLICY)
    assert decision.verdict is Verdict.UNKNOWN and decision.person_id is None


def test_a_negative_example_excludes_the_person() -> None:
    def negative(person: str) -> float | None:
        return 0.9 if person == "anna" else None

    decision = decide([("anna", 0.60), ("bo", 0.20)], QualityBand.GOOD, POLICY, negative)
    assert decision.excluded == ("anna",)
    assert decision.verdict is Verdict.UNKNOWN
    assert decision.person_id == "bo"


def test_a_face_closer_to_the_negative_than_to_the_person_is_excluded() -> None:
    def negative(person: str) -> float | None:
        return 0.42  # below negative_similarity, but above the person's own score

    decision = decide([("anna", 0.40)], QualityBand.GOOD, POLICY, negative)
    assert decision.excluded == ("anna",)


def test_a_dissimilar_negative_does_not_exclude() -> None:
    def negative(person: str) -> float | None:
        return 0.05

    decision = decide([("anna", 0.60)], QualityBand.GOOD, POLICY, negative)
    assert decision.verdict is Verdict.MATCH


def test_templates_are_the_normalised_mean_per_person() -> None:
    rows = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)])
    templates = PersonTemplates.build(rows, ["a", "a", "b"], 3)
    assert templates.ids == ("a", "b")
    assert templates.counts.tolist() == [2, 1]
    np.testing.assert_allclose(templates.matrix[0], unit(1, 1, 0), atol=1e-6)
    ranked = templates.ranked(unit(1, 1, 0))
    assert ranked[0][0] == "a" and ranked[0][1] == pytest.approx(1.0, abs=1e-6)


def test_gallery_templates_follow_enrolment_and_removal(tmp_path: Path) -> None:
    gallery = Gallery(tmp_path, 3)
    gallery.add("a", unit(1, 0, 0)[None])
    gallery.add("b", unit(0, 1, 0)[None])
    assert gallery.templates.ids == ("a", "b")
    gallery.remove("a")
    assert gallery.templates.ids == ("b",)
    assert Gallery(tmp_path, 3).templates.ids == ("b",)  # rebuilt from the files


def test_negative_examples_are_persisted_and_scored(tmp_path: Path) -> None:
    store = NegativeExamples(tmp_path / "negatives", 3)
    assert store.score("anna", unit(1, 0, 0)) is None
    assert store.add("anna", unit(1, 0.1, 0)) == 1
    reopened = NegativeExamples(tmp_path / "negatives", 3)
    assert reopened.score("anna", unit(1, 0.1, 0)) == pytest.approx(1.0, abs=1e-6)
    assert reopened.score("bo", unit(1, 0, 0)) is None
    assert reopened.remove("anna") == 1
    assert reopened.score("anna", unit(1, 0, 0)) is None


@pytest.mark.parametrize("bad", [np.zeros(3), np.array([np.nan, 1, 0]), np.ones(4)])
def test_a_bad_negative_is_refused_and_nothing_is_stored(tmp_path: Path, bad: np.ndarray) -> None:
    store = NegativeExamples(tmp_path, 3)
    with pytest.raises(ValueError):
        store.add("anna", bad.astype(np.float32))
    assert len(store) == 0


def test_hygiene_flags_a_near_duplicate_an_outlier_and_a_close_other() -> None:
    own = np.stack([unit(1, 0, 0, 0), unit(0.9, 0.1, 0, 0)])
    templates = PersonTemplates.build(
        np.vstack([own, unit(0, 0, 1, 0)[None]]), ["anna", "anna", "bo"], 4
    )
    duplicate = check_photo("anna", unit(1, 0.001, 0, 0), own, templates)
    assert [f.finding for f in duplicate] == [Finding.NEAR_DUPLICATE]
    stranger = check_photo("anna", unit(0, 0, 0.8, 0.2), own, templates)
    kinds = {f.finding for f in stranger}
    assert kinds == {Finding.OUTLIER, Finding.CLOSE_TO_OTHER}
    close = next(f for f in stranger if f.finding is Finding.CLOSE_TO_OTHER)
    assert close.other_person_id == "bo"
    assert check_photo("anna", unit(0.7, 0.7, 0, 0), own, templates) == []


def test_audit_finds_each_problem_of_a_gallery_once() -> None:
    photos = {
        "anna": np.stack([unit(1, 0, 0, 0), unit(1, 0.001, 0, 0), unit(0.9, 0.2, 0, 0)]),
        "bo": np.stack([unit(0, 1, 0, 0), unit(0.1, 1, 0, 0), unit(0, 0, 0, 1)]),
        "twin": np.stack([unit(0, 0.95, 0.1, 0)]),
    }
    rows = np.vstack(list(photos.values()))
    ids = [p for p, r in photos.items() for _ in range(len(r))]
    findings = audit(photos, PersonTemplates.build(rows, ids, 4))
    got = {(f.finding, f.person_id, f.other_person_id, f.photo) for f in findings}
    assert (Finding.NEAR_DUPLICATE, "anna", None, 1) in got
    assert (Finding.OUTLIER, "bo", None, 2) in got
    assert (Finding.CLOSE_TO_OTHER, "bo", "twin", None) in got
    assert len([f for f in findings if f.finding is Finding.CLOSE_TO_OTHER]) == 1


def _face(person: str, vector: np.ndarray, band: QualityBand = QualityBand.GOOD) -> LabelledFace:
    quality = QualityReport(face_px=100, sharpness=100, yaw=0, pitch=0.5, roll=0, band=band)
    return LabelledFace(person, vector.astype(np.float32), quality, True)


def test_open_set_folds_count_strangers_and_residents() -> None:
    rng = np.random.default_rng(3)
    faces = []
    for person, axis in (("a", 0), ("b", 1), ("c", 2)):
        for _ in range(4):
            vector = np.zeros(8)
            vector[axis] = 1.0
            faces.append(_face(person, unit(*(vector + rng.normal(0, 0.05, 8)))))
    result = open_set_folds(faces, POLICY, enrol=2, seeds=(0,))
    assert result.folds == 3
    assert result.stranger_probes == 12  # every photo is the stranger once
    assert result.resident_probes == 3 * 2 * 2  # two people x two probes, per fold
    assert result.stranger_accepted == 0
    assert result.false_reject_pct == 0.0


def test_open_set_folds_catch_a_threshold_that_lets_strangers_in() -> None:
    faces = [_face(p, unit(1, 0.1 * i, 0)) for p in ("a", "b") for i in range(3)]
    loose = OpenSetPolicy(thresholds={QualityBand.GOOD: 0.1}, min_margin=0.0)
    result = open_set_folds(faces, loose, enrol=2, seeds=(0,))
    assert result.false_accept_pct == 100.0


def test_open_set_folds_need_two_people() -> None:
    with pytest.raises(ValueError):
        open_set_folds([_face("a", unit(1, 0))], POLICY)


def test_open_set_folds_measure_the_retry_path_with_a_second_frame() -> None:
    """Two noisy photos of a person, each just under the threshold, settle it together."""
    rng = np.random.default_rng(5)
    faces = []
    for person, axis in (("a", 0), ("b", 1), ("c", 2)):
        for number in range(6):
            vector = np.zeros(64)
            vector[axis] = 1.0
            noise = rng.normal(0, 1.0, 64)
            noise[:3] = 0.0
            # enrolment photos are clean; probes are about 0.35 similar to their template
            spread = 0.0 if number < 2 else 2.6 / np.linalg.norm(noise)
            face = _face(person, unit(*(vector + spread * noise)))
            faces.append(replace(face, enrollable=number < 2))
    result = open_set_folds(faces, POLICY, enrol=2, seeds=(0,))
    assert result.resident_retry > 0
    assert result.false_reject_pct == 100.0  # single photos: all retry or unknown
    assert result.false_reject_two_frames_pct < result.false_reject_pct
    assert result.resident_refused_after_retry < result.resident_retry
    assert result.stranger_accepted == result.stranger_accepted_after_retry == 0
