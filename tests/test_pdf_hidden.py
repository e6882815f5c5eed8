"""PDF hidden text beyond white-on-white: text in nearly the colour beneath it, text covered
by an opaque shape, light gray on white; and text a reader does see is kept (white text on a
dark banner, a highlighted line, mid-gray text). The PDFs are drawn here with reportlab."""

from __future__ import annotations

import io

import pytest

from matcher.reading import document_from_bytes

VISIBLE = "Built Spark pipelines in Python"


def _pdf(draw) -> bytes:  # noqa: ANN001 - a function of a reportlab canvas
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawString(72, 760, VISIBLE)
    draw(c)
    c.save()
    return buf.getvalue()


def _gray_on_gray(c) -> None:  # noqa: ANN001
    c.setFillGray(0.5)
    c.rect(60, 700, 400, 40, fill=1, stroke=0)
    c.setFillGray(0.56)
    c.drawString(72, 715, "Kubernetes Terraform Kafka")


def _under_white_rectangle(c) -> None:  # noqa: ANN001
    c.drawString(72, 650, "Kubernetes Terraform Kafka")
    c.setFillColorRGB(1, 1, 1)
    c.rect(65, 640, 300, 25, fill=1, stroke=0)


def _light_gray_on_white(c) -> None:  # noqa: ANN001
    c.setFillGray(0.9)
    c.drawString(72, 680, "Kubernetes Terraform Kafka")


def _colour_on_same_colour(c) -> None:  # noqa: ANN001
    c.setFillColorRGB(0.1, 0.3, 0.6)
    c.rect(60, 600, 400, 40, fill=1, stroke=0)
    c.setFillColorRGB(0.12, 0.32, 0.62)
    c.drawString(72, 615, "Kubernetes Terraform Kafka")


@pytest.mark.parametrize(("draw", "warning"), [
    (_gray_on_gray, "nearly the colour beneath it"),
    (_under_white_rectangle, "covered by a shape"),
    (_light_gray_on_white, "nearly the colour beneath it"),
    (_colour_on_same_colour, "nearly the colour beneath it"),
])
def test_hidden_text_is_removed_and_reported(draw, warning: str) -> None:  # noqa: ANN001
    doc = document_from_bytes(_pdf(draw), "r.pdf", ".pdf")
    assert "Kubernetes" not in doc.text
    assert VISIBLE in doc.text
    assert any(warning in w for w in doc.warnings), doc.warnings


def _white_on_banner(c) -> None:  # noqa: ANN001
    c.setFillColorRGB(0.1, 0.2, 0.5)
    c.rect(60, 560, 400, 40, fill=1, stroke=0)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(72, 575, "Kubernetes Terraform Kafka")


def _highlighted(c) -> None:  # noqa: ANN001
    c.setFillColorRGB(1, 1, 0)
    c.rect(70, 495, 200, 14, fill=1, stroke=0)
    c.setFillGray(0)
    c.drawString(72, 498, "Kubernetes Terraform Kafka")


def _mid_gray(c) -> None:  # noqa: ANN001
    c.setFillGray(0.6)
    c.drawString(72, 520, "Kubernetes Terraform Kafka")


def _translucent_box_over(c) -> None:  # noqa: ANN001
    c.drawString(72, 650, "Kubernetes Terraform Kafka")
    c.setFillColorRGB(1, 1, 0, alpha=0.3)
    c.rect(65, 640, 300, 25, fill=1, stroke=0)


@pytest.mark.parametrize("draw", [_white_on_banner, _highlighted, _mid_gray, _translucent_box_over])
def test_text_a_reader_sees_is_kept(draw) -> None:  # noqa: ANN001
    doc = document_from_bytes(_pdf(draw), "r.pdf", ".pdf")
    assert "Kubernetes Terraform Kafka" in doc.text
    assert VISIBLE in doc.text
    assert not doc.warnings, doc.warnings
