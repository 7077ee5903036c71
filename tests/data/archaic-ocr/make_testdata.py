#!/usr/bin/python3
"""Makes the archaic-ocr test files. Deterministic: fixed texts, fonts, angles and noise seed.

Run from this folder with Debian's Python and Pillow (apt-get install python3-pil):
    /usr/bin/python3 make_testdata.py
Fonts are the OFL files shipped in plugins/FineTuneDomains.Plugins.ArchaicOcr/fonts/.
"""
import math
import os
import random

from PIL import Image, ImageChops, ImageDraw, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
FONTS = os.path.join(HERE, "..", "..", "..", "plugins", "FineTuneDomains.Plugins.ArchaicOcr", "fonts")
rng = random.Random(20261126)


def font(name, size):
    return ImageFont.truetype(os.path.join(FONTS, name), size)


def render_line(text, fnt, pad=8):
    """Grey line image (L), ink 0 on 255, plus the baseline y inside it."""
    left, top, right, bottom = fnt.getbbox(text)
    ascent, descent = fnt.getmetrics()
    w, h = right - left + 2 * pad, ascent + descent + 2 * pad
    img = Image.new("L", (w, h), 255)
    ImageDraw.Draw(img).text((pad - left, pad), text, font=fnt, fill=0)
    return img, pad + ascent


def add_noise(img, amount):
    px = img.load()
    for y in range(img.height):
        for x in range(img.width):
            px[x, y] = max(0, min(255, px[x, y] + rng.randint(-amount, amount)))
    return img


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")


def lines():
    os.makedirs("lines", exist_ok=True)
    # 1. Grey PNG, Latin, GFS Didot.
    text = "Gallia est omnis divisa in partes tres"
    img, _ = render_line(text, font("GFSDidot.otf", 28))
    add_noise(img, 12).save("lines/latin-grey.png")
    write_text("lines/latin-grey.gt.txt", text)
    # 2. Colour JPEG on sepia paper, blackletter with long s (U+017F).
    text = "Im Anfang \u017fchuf Gott Himmel und Erde"
    img, _ = render_line(text, font("Blankenburg_UNZ1A.ttf", 30))
    paper = Image.new("RGB", img.size, (232, 220, 190))
    ink = Image.new("RGB", img.size, (60, 40, 30))
    Image.composite(paper, ink, img).save("lines/fraktur-colour.jpg", quality=85)
    write_text("lines/fraktur-colour.gt.txt", text)
    # 3. Grey TIFF, polytonic Greek; the transcription spells alpha with OXIA (U+1F71), which NFC turns into tonos.
    text = "\u1f10\u03bd \u1f00\u03c1\u03c7\u1fc7 \u1f26\u03bd \u1f41 \u03bb\u1f79\u03b3\u03bf\u03c2 \u1f00\u03b3\u1f71\u03c0\u03b7"
    img, _ = render_line(text, font("GFSDidot.otf", 28))
    img.save("lines/greek-oxia.tif", compression="tiff_lzw")
    write_text("lines/greek-oxia.gt.txt", text)


def rotated_line_on_page(page, text, fnt, origin, degrees):
    """Draws text rotated CCW by `degrees` with its top-left near `origin`; returns polygon and baseline points."""
    img, base_y = render_line(text, fnt)
    w, h = img.size
    rot = img.rotate(degrees, resample=Image.BICUBIC, expand=True, fillcolor=255)
    nw, nh = rot.size
    t = math.radians(degrees)

    def to_page(x, y):
        dx, dy = x - w / 2, y - h / 2
        return (origin[0] + nw / 2 + dx * math.cos(t) + dy * math.sin(t),
                origin[1] + nh / 2 - dx * math.sin(t) + dy * math.cos(t))

    region = page.crop((origin[0], origin[1], origin[0] + nw, origin[1] + nh))
    page.paste(ImageChops.darker(region, rot), origin)
    polygon = [to_page(x, y) for x, y in [(2, 2), (w - 2, 2), (w - 2, h - 2), (2, h - 2)]]
    baseline = [to_page(8, base_y), to_page(w - 8, base_y)]
    return polygon, baseline


def points(pts):
    return " ".join(f"{round(x)},{round(y)}" for x, y in pts)


PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/{version}">
  <Metadata><Creator>make_testdata.py</Creator><Created>2026-11-26T00:00:00</Created><LastChange>2026-11-26T00:00:00</LastChange></Metadata>
  <Page imageFilename="{image}" imageWidth="{w}" imageHeight="{h}">
    <TextRegion id="r1">
      <Coords points="0,0 {w},0 {w},{h} 0,{h}"/>
{lines}
    </TextRegion>
  </Page>
</PcGts>
"""


def text_line(i, polygon, baseline, text):
    base = f'\n        <Baseline points="{points(baseline)}"/>' if baseline else ""
    equiv = f"\n        <TextEquiv><Unicode>{text}</Unicode></TextEquiv>" if text is not None else ""
    return f'      <TextLine id="l{i}">\n        <Coords points="{points(polygon)}"/>{base}{equiv}\n      </TextLine>'


def page(version, folder, xml_name, image_rel, image_path, with_baseline):
    page_img = Image.new("L", (720, 300), 246)
    specs = [
        ("Arma virumque cano Troiae qui primus ab oris", 0.0, (30, 20)),
        ("Italiam fato profugus Laviniaque venit", 4.0, (30, 95)),     # rises to the right
        ("litora multum ille et terris iactatus", -3.0, (30, 185)),    # falls to the right
    ]
    fnt = font("GFSDidot.otf", 26)
    xml_lines = []
    for i, (text, deg, origin) in enumerate(specs, 1):
        polygon, baseline = rotated_line_on_page(page_img, text, fnt, origin, deg)
        xml_lines.append(text_line(i, polygon, baseline if with_baseline else None, text))
    # A layout-only line (no TextEquiv): readers skip and count it.
    xml_lines.append(text_line(4, [(600, 260), (700, 260), (700, 290), (600, 290)], None, None))
    os.makedirs(os.path.dirname(image_path) or ".", exist_ok=True)
    os.makedirs(folder, exist_ok=True)
    page_img.save(image_path)
    with open(os.path.join(folder, xml_name), "w", encoding="utf-8", newline="\n") as f:
        f.write(PAGE.format(version=version, image=image_rel, w=page_img.width, h=page_img.height, lines="\n".join(xml_lines)))


if __name__ == "__main__":
    os.chdir(HERE)
    lines()
    # 2019 schema, image beside the XML, with baselines.
    page("2019-07-15", "page2019", "aeneid.xml", "aeneid.png", "page2019/aeneid.png", True)
    # 2013 schema, OCR-D layout (XML in page/, image in the parent folder), no baselines: angle from the polygon.
    page("2013-07-15", "page2013/page", "aeneid.xml", "aeneid.png", "page2013/aeneid.png", False)
