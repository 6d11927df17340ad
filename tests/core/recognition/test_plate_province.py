"""The province policy: one recogniser's distribution, then a second look."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.recognition.plates import province
from custom_components.smart_community.core.recognition.plates.grammar import PROVINCES
from custom_components.smart_community.core.recognition.plates.ocr import CharRead


def _dist(**probs: float) -> dict[str, float]:
    rest = (1.0 - sum(probs.values())) / (len(PROVINCES) - len(probs))
    return {c: probs.get(c, rest) for c in PROVINCES}


def test_distribution_is_renormalised_over_the_provinces() -> None:
    read = CharRead("粤", 0.5, (("粤", 0.5), ("鄂", 0.2), ("A", 0.3)))
    dist = province.distribution(read)
    assert dist["粤"] == pytest.approx(0.5 / 0.7)
    assert dist["鄂"] == pytest.approx(0.2 / 0.7)
    assert sum(dist.values()) == pytest.approx(1.0)


def test_no_province_mass_gives_no_preference() -> None:
    dist = province.distribution(CharRead("A", 1.0, (("A", 1.0),)))
    assert len(set(dist.values())) == 1


def test_a_clear_first_choice_is_sure() -> None:
    assert province.call(_dist(粤=0.9, 鄂=0.05)).sure


@pytest.mark.parametrize(("first", "second"), [(0.7, 0.1), (0.8, 0.21)])
def test_a_weak_or_close_first_choice_is_not_sure(first: float, second: float) -> None:
    call = province.call(_dist(粤=first, 鄂=second))
    assert call.char == "粤"
    assert not call.sure
    assert call.runner_up == "鄂"


def test_second_look_agreeing_settles() -> None:
    call = province.second_look(_dist(浙=0.6, 湘=0.3), _dist(浙=0.9, 湘=0.05))
    assert (call.char, call.sure) == ("浙", True)
    assert call.prob == pytest.approx(0.75)


def test_second_look_disagreeing_stays_unsure() -> None:
    call = province.second_look(_dist(浙=0.6, 新=0.3), _dist(新=0.7, 浙=0.2))
    assert not call.sure
    assert call.char in {"浙", "新"}


def test_second_look_average_can_overrule_the_first_recogniser() -> None:
    call = province.second_look(_dist(鄂=0.45, 粤=0.4), _dist(粤=0.9, 鄂=0.05))
    assert call.char == "粤"
    assert not call.sure  # the first recogniser put 鄂 first: the plate stays in doubt
