"""A résumé is a real, modest PDF: checked by parsing it, not by its first five bytes.

A file that starts with "%PDF-" can still be an HTML page (a polyglot) or a few hundred kilobytes
that inflate to hundreds of megabytes when a reader opens it. So the upload must be named .pdf,
sent as a PDF, parse as a PDF (pypdf) with a sensible page count, and the streams inside it must
decompress to a bounded total, measured without inflating past the bound.
"""

from __future__ import annotations

import zlib

from django import forms
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import IndirectObject, NameObject, StreamObject

RESUME_MAX_BYTES = 2 * 1024 * 1024
RESUME_MAX_PAGES = 20
# Text and a photo or two: far below this once inflated; a decompression bomb far above.
RESUME_MAX_INFLATED_BYTES = 30 * 1024 * 1024
PDF_CONTENT_TYPES = {"application/pdf", "application/x-pdf"}
CHUNK = 64 * 1024


class TooLarge(Exception):
    pass


def resume_check(upload) -> None:
    """Raises forms.ValidationError unless the upload is a PDF résumé within bounds."""
    if upload.size > RESUME_MAX_BYTES:
        raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_large")
    name = (upload.name or "").lower()
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if not name.endswith(".pdf") or content_type not in PDF_CONTENT_TYPES:
        raise forms.ValidationError(_("Upload your résumé as a PDF file."), code="not_pdf")
    upload.seek(0)
    try:
        if upload.read(5) != b"%PDF-":
            raise forms.ValidationError(_("Upload your résumé as a PDF file."), code="not_pdf")
        upload.seek(0)
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise forms.ValidationError(_("Upload a PDF without a password."), code="encrypted")
        # Streams first: reading the page tree may inflate object streams.
        _check_inflated_size(reader)
        pages = len(reader.pages)
    except TooLarge as error:
        raise forms.ValidationError(
            _("This PDF is unusually large once opened. Save it again as a plain PDF."),
            code="inflates_too_much",
        ) from error
    except (
        PyPdfError,
        zlib.error,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        RecursionError,
    ) as error:
        raise forms.ValidationError(
            _("This file could not be read as a PDF. Save it again as a PDF and retry."),
            code="unreadable",
        ) from error
    finally:
        upload.seek(0)
    if not 1 <= pages <= RESUME_MAX_PAGES:
        raise forms.ValidationError(
            _("A résumé of 1 to %(count)s pages, please.") % {"count": RESUME_MAX_PAGES},
            code="pages",
        )


def _check_inflated_size(reader: PdfReader) -> None:
    """Adds up every stream's decompressed size, stopping as soon as the bound is passed.

    Streams never sit inside object streams (PDF 1.5, 7.5.7), so the cross-reference table lists
    them all. FlateDecode is inflated here in bounded steps; other filters count as their raw size
    (images in DCT/JPX are stored compressed and are not inflated to be checked).
    """
    budget = RESUME_MAX_INFLATED_BYTES
    for generation, entries in reader.xref.items():
        for number in entries:
            obj = reader.get_object(IndirectObject(number, generation, reader))
            if not isinstance(obj, StreamObject):
                continue
            budget -= _inflated_size(obj, budget)
            if budget < 0:
                raise TooLarge


def _inflated_size(stream: StreamObject, budget: int) -> int:
    raw = stream._data  # the stored (still encoded) bytes
    filters = stream.get(NameObject("/Filter"))
    first = filters[0] if isinstance(filters, list) and filters else filters
    if first != "/FlateDecode":
        return len(raw)
    inflater = zlib.decompressobj()
    size = 0
    data = raw
    while data and size <= budget:
        size += len(inflater.decompress(data, CHUNK))
        data = inflater.unconsumed_tail
    return size
