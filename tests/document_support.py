"""Word documents and PDFs made for tests (python-docx writes the one, a few lines the other)."""

from __future__ import annotations

import io


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A PDF whose pages show these lines of text (Helvetica, one line under another), with
    ``title`` in its properties."""
    objects: list[bytes] = []
    count = len(pages)
    page_ids = [4 + 2 * k for k in range(count)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{n} 0 R" for n in page_ids).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for k, lines in enumerate(pages):
        shown = b" ".join(
            b"(" + line.replace("(", r"\(").replace(")", r"\)").encode("latin-1") + b") Tj T*"
            for line in lines
        )
        stream = b"BT /F1 11 Tf 14 TL 72 740 Td " + shown + b" ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_ids[k] + 1} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    info = ""
    if title is not None:
        offsets.append(out.tell())
        info = f" /Info {len(objects) + 1} 0 R"
        out.write(f"{len(objects) + 1} 0 obj\n<< /Title ({title}) >>\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    trailer = f"<< /Size {len(offsets) + 1} /Root 1 0 R{info} >>"
    out.write(f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(blocks: list[str | list[list[str]]], title: str = "") -> bytes:
    """A Word document of paragraphs (a string) and tables (a list of rows of cells), with
    ``title`` in its properties."""
    from docx import Document

    document = Document()
    document.core_properties.title = title
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for r, row in enumerate(block):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    section = document.sections[0]
    section.footer.paragraphs[0].text = "Printed from the archive, page 1"
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def make_odt(blocks: list[str | list[list[str]]], title: str = "", notes: str = "") -> bytes:
    """An OpenDocument text (as LibreOffice writes one) of paragraphs (a string; one opening
    with "# " a heading) and tables (a list of rows of cells), with ``title`` in its
    properties and ``notes`` as a footnote of the first paragraph."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    body = []
    for number, block in enumerate(blocks):
        if isinstance(block, str):
            tag = "text:h" if block.startswith("# ") else "text:p"
            words = escape(block.removeprefix("# ")).replace("  ", ' <text:s text:c="1"/>')
            note = (
                f'<text:note text:note-class="footnote"><text:note-body><text:p>{escape(notes)}'
                "</text:p></text:note-body></text:note>"
                if notes and number == 0
                else ""
            )
            body.append(f'<{tag}><text:span text:style-name="T1">{words}</text:span>{note}</{tag}>')
        else:
            rows = "".join(
                "<table:table-row>"
                + "".join(
                    f"<table:table-cell><text:p>{escape(c)}</text:p></table:table-cell>"
                    for c in row
                )
                + "</table:table-row>"
                for row in block
            )
            body.append(f"<table:table>{rows}</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
        f'"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="{text}" '
        f'xmlns:table="{table}"><office:body><office:text>{"".join(body)}</office:text>'
        "</office:body></office:document-content>"
    )
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office='
        '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
        f"<dc:title>{escape(title)}</dc:title></office:meta></office:document-meta>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_webarchive(html: bytes, url: str = "", encoding: str = "UTF-8") -> bytes:
    """A page saved by Safari as a web archive (a binary property list)."""
    import plistlib

    main = {
        "WebResourceData": html,
        "WebResourceMIMEType": "text/html",
        "WebResourceTextEncodingName": encoding,
        "WebResourceURL": url,
        "WebResourceFrameName": "",
    }
    archive = {"WebMainResource": main, "WebSubresources": [{"WebResourceData": b"\x89PNG"}]}
    return plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)
