"""Write a document's logical structure (posters.render.tags) into the PDF with pikepdf:
the StructTreeRoot in reading order, the ParentTree that maps each page's marked content
and each link annotation back to its element, MarkInfo and the pages' tab order (the
PDF/UA-1 identification is in the XMP metadata, posters.print.pdfx).

Both variants carry the tags. PDF/X-4 allows a structure tree; a print file is often the
one put on a web site as "the PDF", and the tags cost a few kilobytes. The print file is
not claimed to be PDF/UA: its crop marks and bleed belong to the press, and the screen
variant is the accessible edition (see docs/accessibility.md).
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from posters.render.tags import AnnotRef, Element, MarkRef, Structure


def apply_structure(pdf: pikepdf.Pdf, structure: Structure) -> None:
    pages = list(pdf.pages)
    if len(pages) != structure.pages:
        raise ValueError(f"the structure describes {structure.pages} pages, the file has "
                         f"{len(pages)}")
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    marks: dict[int, dict[int, pikepdf.Object]] = {i: {} for i in range(len(pages))}
    annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = []  # (annotation, element)
    page_annots = [list(page.obj.get("/Annots", Array())) for page in pages]

    def build(element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        node = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.role),
                                            P=parent))
        if element.lang:
            node.Lang = pikepdf.String(element.lang)
        if element.alt is not None:
            node.Alt = pikepdf.String(element.alt)
        if element.expansion:
            node.E = pikepdf.String(element.expansion)
        if element.bbox is not None:  # to 0.1 pt (0.035 mm), as a reader places a figure
            node.A = Dictionary(O=Name.Layout, BBox=Array([round(v, 1) for v in element.bbox]))
        kids = Array()
        first_mark = next((c for c in element.children if isinstance(c, MarkRef)), None)
        page_of = pages[first_mark.page].obj if first_mark else None
        for child in element.children:
            if isinstance(child, MarkRef):
                page = pages[child.page].obj
                # an MCID on the element's own page is a bare number (its /Pg says where)
                kids.append(child.mcid if child.page == first_mark.page else
                            Dictionary(Type=Name.MCR, Pg=page, MCID=child.mcid))
                marks[child.page][child.mcid] = node
            elif isinstance(child, AnnotRef):
                annot = page_annots[child.page][child.index]
                page = pages[child.page].obj
                kids.append(Dictionary(Type=Name.OBJR, Pg=page, Obj=annot))
                annotations.append((annot, node))
                page_of = page_of or page
            else:
                kids.append(build(child, node))
        if page_of is not None:
            node.Pg = page_of
        # one kid is written as itself, not in an array (and so read by more checkers)
        node.K = kids[0] if len(kids) == 1 else kids
        return node

    document = build(structure.root, root)
    root.K = Array([document])
    nums = Array()
    for index, page in enumerate(pages):
        page.obj.StructParents = index
        found = marks[index]
        if sorted(found) != list(range(len(found))):
            raise ValueError(f"page {index + 1}: marked content ids are not 0..{len(found) - 1}")
        nums.append(index)
        nums.append(pdf.make_indirect(Array([found[m] for m in sorted(found)])))
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S
    key = len(pages)
    for annot, node in annotations:
        annot.StructParent = key
        if "/Contents" not in annot:
            target = annot.get("/A", Dictionary()).get("/URI")
            annot.Contents = pikepdf.String(str(target) if target is not None else "link")
        nums.append(key)
        nums.append(node)
        key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = key
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
