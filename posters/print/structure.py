"""Write a document's logical structure (posters.render.tags) into the PDF with pikepdf:
the StructTreeRoot in reading order, the ParentTree that maps each page's marked content
and each link annotation back to its element, MarkInfo and the pages' tab order (the
PDF/UA-1 identification is in the XMP metadata, posters.print.pdfx).

Both variants carry the tags. PDF/X-4 allows a structure tree; a print file is often the
one put on a web site as "the PDF", and the tags cost a few kilobytes. The print file is
not claimed to be PDF/UA: its crop marks and bleed belong to the press, and the screen
variant is the accessible edition (see docs/accessibility.md).

The structure elements, the page's marked-content arrays and the parent tree are handed to
qpdf in one piece, as qpdf JSON (``update_from_qpdf_json``), rather than made one pikepdf
object at a time: the same objects, the same bytes, in 2.7 rather than 4 CPU-ms a poster
(a hundred elements, each a dictionary made indirect through pikepdf's bindings).
"""

from __future__ import annotations

import io
import json

import pikepdf
from pikepdf import Array, Dictionary, Name

from posters.render.tags import AnnotRef, Element, MarkRef, Structure


def _reference(objgen: tuple[int, int]) -> str:
    return f"{objgen[0]} {objgen[1]} R"


def _number(value: float) -> int | float:
    # as pikepdf writes a float that is whole: 85, not 85.0
    return int(value) if value == int(value) else value


def apply_structure(pdf: pikepdf.Pdf, structure: Structure) -> None:
    pages = [page.obj for page in pdf.pages]
    if len(pages) != structure.pages:
        raise ValueError(f"the structure describes {structure.pages} pages, the file has "
                         f"{len(pages)}")
    # the StructTreeRoot: a new object, whose number the others follow
    first = pdf.make_indirect(Dictionary()).objgen[0]
    last = [first]

    def new() -> str:
        last[0] += 1
        return f"{last[0]} 0 R"

    objects: dict[str, dict[str, object]] = {}  # qpdf JSON: "obj:N 0 R": {"value": ...}
    page_refs = [_reference(page.objgen) for page in pages]
    marks: dict[int, dict[int, str]] = {i: {} for i in range(len(pages))}
    annotations: list[tuple[pikepdf.Object, str]] = []  # (annotation, element)
    page_annots = [list(page.get("/Annots", Array())) for page in pages]

    def build(element: Element, parent: str) -> str:
        reference = new()
        # strings "u:" (UTF-8, written as PDF text strings), names "/", references "N 0 R"
        node: dict[str, object] = {"/Type": "/StructElem", "/S": "/" + element.role,
                                   "/P": parent}
        if element.lang:
            node["/Lang"] = "u:" + element.lang
        if element.alt is not None:
            node["/Alt"] = "u:" + element.alt
        if element.expansion:
            node["/E"] = "u:" + element.expansion
        if element.bbox is not None:  # to 0.1 pt (0.035 mm), as a reader places a figure
            node["/A"] = {"/O": "/Layout",
                          "/BBox": [_number(round(v, 1)) for v in element.bbox]}
        objects[f"obj:{reference}"] = {"value": node}
        kids: list[object] = []
        first_mark = next((c for c in element.children if isinstance(c, MarkRef)), None)
        page_of = page_refs[first_mark.page] if first_mark else None
        for child in element.children:
            if isinstance(child, MarkRef):
                # an MCID on the element's own page is a bare number (its /Pg says where)
                kids.append(child.mcid if child.page == first_mark.page else
                            {"/Type": "/MCR", "/Pg": page_refs[child.page],
                             "/MCID": child.mcid})
                marks[child.page][child.mcid] = reference
            elif isinstance(child, AnnotRef):
                annot = page_annots[child.page][child.index]
                kids.append({"/Type": "/OBJR", "/Pg": page_refs[child.page],
                             "/Obj": _reference(annot.objgen)})
                annotations.append((annot, reference))
                page_of = page_of or page_refs[child.page]
            else:
                kids.append(build(child, reference))
        if page_of is not None:
            node["/Pg"] = page_of
        # one kid is written as itself, not in an array (and so read by more checkers)
        node["/K"] = kids[0] if len(kids) == 1 else kids
        return reference

    root = f"{first} 0 R"
    document = build(structure.root, root)
    nums: list[object] = []
    for index, page in enumerate(pages):
        page.StructParents = index
        found = marks[index]
        if sorted(found) != list(range(len(found))):
            raise ValueError(f"page {index + 1}: marked content ids are not 0..{len(found) - 1}")
        marked = new()
        objects[f"obj:{marked}"] = {"value": [found[m] for m in sorted(found)]}
        nums += [index, marked]
        if "/Annots" in page:
            page.Tabs = Name.S
    key = len(pages)
    for annot, node in annotations:
        annot.StructParent = key
        if "/Contents" not in annot:
            target = annot.get("/A", Dictionary()).get("/URI")
            annot.Contents = pikepdf.String(str(target) if target is not None else "link")
        nums += [key, node]
        key += 1
    parent_tree = new()
    objects[f"obj:{parent_tree}"] = {"value": {"/Nums": nums}}
    objects[f"obj:{root}"] = {"value": {"/Type": "/StructTreeRoot", "/K": [document],
                                        "/ParentTree": parent_tree,
                                        "/ParentTreeNextKey": key}}
    update = {"qpdf": [{"jsonversion": 2, "pushedinheritedpageresources": False,
                        "calledgetallpages": False, "maxobjectid": last[0]}, objects]}
    pdf.update_from_qpdf_json(io.BytesIO(json.dumps(update, ensure_ascii=False).encode()))
    pdf.Root.StructTreeRoot = pdf.get_object(first, 0)
    pdf.Root.MarkInfo = Dictionary(Marked=True)
