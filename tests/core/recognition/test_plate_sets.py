"""Labelled real-photo sets: labels from file names or a CSV, a fixed held-out split."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.models.plate_sets import labelled_photos, plate_from_name, split_of


@pytest.mark.parametrize(
    ("name", "plate"),
    [
        ("京A88731.jpg", "京A88731"),
        ("渝B3587学.jpg", "渝B3587学"),
        ("湘F8ZS83.JPG", "湘F8ZS83"),
        ("皖AD12345_2.jpg", "皖AD12345"),
        ("test_img.jpg", None),
        ("GroundTruth.xml", None),
    ],
)
def test_plate_from_file_name(name: str, plate: str | None) -> None:
    assert plate_from_name(name) == plate


def test_split_is_fixed_by_name_and_mostly_held_out() -> None:
    names = [f"京A{i:05d}.jpg" for i in range(2000)]
    splits = [split_of(n) for n in names]
    assert splits == [split_of(n) for n in names]
    assert 0.6 < splits.count("held_out") / len(names) < 0.8


def test_folder_set(tmp_path: Path) -> None:
    for name in ("京A88731.jpg", "川A09X20_2.png", "readme.txt", "car.jpg"):
        (tmp_path / name).write_bytes(b"")
    photos = labelled_photos(tmp_path)
    assert [(p.path.name, p.plate) for p in photos] == [
        ("京A88731.jpg", "京A88731"),
        ("川A09X20_2.png", "川A09X20"),
    ]


def test_csv_set_with_a_negative(tmp_path: Path) -> None:
    (tmp_path / "labels.csv").write_text(
        "file,plate\nday/1.jpg,粤B12345\nnight/2.jpg,\n", encoding="utf-8"
    )
    photos = labelled_photos(tmp_path / "labels.csv")
    assert [(p.path, p.plate) for p in photos] == [
        (tmp_path / "day" / "1.jpg", "粤B12345"),
        (tmp_path / "night" / "2.jpg", None),
    ]
