"""Turn a crisp screenshot into what teachers upload: the PNG itself, a JPEG,
a scan in a PDF (image only, no text layer), or a phone photo of the page.

ImageMagick does the image work, seeded with -seed so that a run repeats
byte for byte; img2pdf wraps the scan without re-encoding it or adding a date.
"""
import os
import shutil
import subprocess

CONVERT = "/usr/bin/convert"   # /usr/local/bin may hold a stand-in; this is Debian's ImageMagick
IMG2PDF = "/usr/bin/img2pdf"


def run(*args):
    args = [str(a) for a in args]
    if args[0] == CONVERT:
        # one thread: ImageMagick's threaded noise is not repeatable, and generate.py runs two at a time
        args[1:1] = ["-limit", "thread", "1"]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def size(path):
    out = subprocess.run([CONVERT, str(path), "-format", "%w %h", "info:"], check=True,
                         capture_output=True, text=True).stdout
    w, h = out.split()
    return int(w), int(h)


def crisp(src, dst, rng, work):
    shutil.copyfile(src, dst)


def jpeg(src, dst, rng, work):
    """A screenshot saved as JPEG at quality 30–60 (heavily compressed), sometimes a little smaller."""
    scale = rng.choice([100, 100, 90, 80, 75])
    run(CONVERT, src, "-resize", f"{scale}%", "-sampling-factor", "4:2:0", "-strip",
        "-quality", rng.randint(30, 60), dst)


def scan(src, dst, rng, work, turn=0):
    """A printed page scanned in grey: tilted, blurred, speckled, levels off; wrapped in a PDF.
    turn: the page went into the scanner sideways (90, 270) or upside down (180)."""
    dpi = rng.choice([150, 200])
    w, _ = size(src)
    width_in = rng.uniform(10.2, 10.8) if w > 1.2 * 1123 * 0.9 else rng.uniform(7.0, 7.6)
    angle = rng.choice([-1, 1]) * rng.uniform(0.4, 5.0)
    image = os.path.join(work, "scan.jpg")
    run(CONVERT, src, "-colorspace", "Gray",
        "-resize", f"{int(width_in * dpi)}x",
        "-bordercolor", "white", "-border", f"{int(0.4 * dpi)}x{int(0.4 * dpi)}",
        "-background", "white", "-rotate", f"{angle + turn:.2f}",
        "-blur", f"0x{rng.uniform(0.5, 1.0):.2f}",
        "-seed", rng.randint(1, 10 ** 6), "-attenuate", f"{rng.uniform(0.3, 0.7):.2f}", "+noise", "Gaussian",
        "-level", f"{rng.randint(4, 12)}%,{rng.randint(88, 97)}%",
        "-gamma", f"{rng.uniform(0.85, 1.1):.2f}",
        "-strip", "-quality", rng.randint(70, 85), image)
    # the internal engine writes the same bytes for the same image; pikepdf seeds /ID from the path
    run(IMG2PDF, "--nodate", "--engine", "internal", "-s", f"{dpi}dpi", "-o", dst, image)


def photo(src, dst, rng, work):
    """A phone photo of the printed page on a desk: perspective, light falloff, moiré, noise."""
    cw = rng.randint(1900, 2400)                   # the photo's width; the page fills most of it
    w0, h0 = size(src)
    w = int(cw / rng.uniform(1.12, 1.3))
    h = int(h0 * w / w0)
    ch = int(h * rng.uniform(1.15, 1.35))
    ox, oy = (cw - w) // 2, (ch - h) // 2
    page = os.path.join(work, "page.png")
    run(CONVERT, src, "-resize", f"{w}x{h}!", page)

    # the far edge looks shorter: pull the top (or bottom) corners together; jitter them all
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    squeeze = int(rng.uniform(0.02, 0.08) * w)
    top = rng.random() < 0.75
    targets = []
    for i, (x, y) in enumerate(corners):
        tx = x + ox + int(rng.uniform(-0.05, 0.05) * w)
        ty = y + oy + int(rng.uniform(-0.05, 0.05) * h)
        if (i < 2) == top:
            tx += squeeze if i in (0, 3) else -squeeze
        targets.append((tx, ty))
    points = " ".join(f"{x},{y} {tx},{ty}" for (x, y), (tx, ty) in zip(corners, targets))
    desk = rng.choice(["#7a5c43", "#9c8468", "#5d5f63", "#b9b2a6", "#3f4a55", "#a67b5b"])
    angle = rng.choice([0, 45, 90, 135, 180, 225, 270, 315])
    period = rng.uniform(3.0, 4.2)
    run(CONVERT,
        # desk: coarse noise resized up is a cheap texture
        "(", "-size", f"{cw}x{ch}", f"xc:{desk}", ")",
        "(", "-size", f"{cw // 6}x{ch // 6}", "xc:gray50", "-seed", rng.randint(1, 10 ** 6),
        "-attenuate", "0.6", "+noise", "Multiplicative", "-colorspace", "Gray", "-resize", f"{cw}x{ch}!", ")",
        "-compose", "Overlay", "-composite",
        "(", page, "-alpha", "set", "-virtual-pixel", "transparent", "-background", "none",
        "-filter", "point", "-define", f"distort:viewport={cw}x{ch}+0+0", "-distort", "Perspective", points, ")",
        "-compose", "Over", "-composite",
        # uneven light: a linear falloff from one side and a soft vignette
        "(", "-size", f"{cw}x{ch}", "-define", f"gradient:angle={angle}",
        f"gradient:white-gray{rng.randint(55, 75)}", ")", "-compose", "Multiply", "-composite",
        "(", "-size", f"{cw}x{ch}", f"radial-gradient:white-gray{rng.randint(70, 85)}", ")",
        "-compose", "Multiply", "-composite",
        # moiré: stripes of two close periods beat into slow bands; made one pixel wide, then stretched
        "(", "(", "-size", f"1x{ch}", "gradient:", "-function", "Sinusoid", f"{ch / period:.1f},0,0.03,0.97", ")",
        "(", "-size", f"1x{ch}", "gradient:", "-function", "Sinusoid", f"{ch / (period * 1.07):.1f},0,0.03,0.97", ")",
        "-compose", "Multiply", "-composite", "-scale", f"{cw}x{ch}!", ")", "-compose", "Multiply", "-composite",
        "(", "-size", f"1x{cw}", "gradient:", "-function", "Sinusoid", f"{cw / (period * 1.03):.1f},0,0.025,0.975",
        "-rotate", "90", "-scale", f"{cw}x{ch}!", ")", "-compose", "Multiply", "-composite",
        "-blur", f"0x{rng.uniform(0.5, 1.0):.2f}",
        "-seed", rng.randint(1, 10 ** 6), "-attenuate", f"{rng.uniform(0.3, 0.6):.2f}", "+noise", "Gaussian",
        "-modulate", f"{rng.randint(95, 108)},{rng.randint(85, 100)},100",
        "-strip", "-quality", rng.randint(72, 88), dst)


def scan_turned(src, dst, rng, work):
    """A scan of a page fed sideways or upside down: the reader must turn it back."""
    scan(src, dst, rng, work, turn=rng.choice([90, 180, 270]))


def screen_photo(src, dst, rng, work):
    """A phone photo of a monitor showing the page (the page arrives with its browser or
    Word chrome drawn around it): dark bezel, slight perspective, moiré from the pixel grid,
    a glare blob, blur and noise."""
    cw = rng.randint(1800, 2300)
    w0, h0 = size(src)
    w = int(cw / rng.uniform(1.06, 1.15))
    h = int(h0 * w / w0)
    ch = int(h * rng.uniform(1.08, 1.2))
    ox, oy = (cw - w) // 2, (ch - h) // 2
    page = os.path.join(work, "screen.png")
    pitch = rng.uniform(2.6, 3.4)          # the screen's pixel pitch as the camera sees it
    run(CONVERT, src, "-resize", f"{w}x{h}!",
        # RGB sub-pixel columns and pixel rows, then a resample: the two grids beat into moiré
        "(", "-size", f"{w}x1", "gradient:", "-function", "Sinusoid", f"{w / pitch:.1f},0,0.12,0.88",
        "-scale", f"{w}x{h}!", ")", "-compose", "Multiply", "-composite",
        "(", "-size", f"1x{h}", "gradient:", "-function", "Sinusoid", f"{h / (pitch * 1.04):.1f},0,0.08,0.92",
        "-scale", f"{w}x{h}!", ")", "-compose", "Multiply", "-composite",
        "-modulate", f"{rng.randint(105, 118)},{rng.randint(80, 95)},100", page)
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    targets = [(x + ox + int(rng.uniform(-0.03, 0.03) * w), y + oy + int(rng.uniform(-0.03, 0.03) * h))
               for x, y in corners]
    points = " ".join(f"{x},{y} {tx},{ty}" for (x, y), (tx, ty) in zip(corners, targets))
    gx, gy = rng.randint(cw // 5, 4 * cw // 5), rng.randint(ch // 5, 4 * ch // 5)
    gr = rng.randint(cw // 6, cw // 3)
    run(CONVERT,
        "(", "-size", f"{cw}x{ch}", f"xc:{rng.choice(['#101010', '#1c1c1e', '#2a2a2c'])}", ")",
        "(", page, "-alpha", "set", "-virtual-pixel", "transparent", "-background", "none",
        "-define", f"distort:viewport={cw}x{ch}+0+0", "-distort", "Perspective", points, ")",
        "-compose", "Over", "-composite",
        # glare: a soft bright blob from a window or a ceiling light
        "(", "-size", f"{2 * gr}x{2 * gr}", f"radial-gradient:gray{rng.randint(45, 70)}-black",
        "-background", "black", "-gravity", "northwest", "-extent", f"{cw}x{ch}-{gx - gr}-{gy - gr}", ")",
        "-compose", "Screen", "-composite",
        "-blur", f"0x{rng.uniform(0.7, 1.3):.2f}",
        "-seed", rng.randint(1, 10 ** 6), "-attenuate", f"{rng.uniform(0.4, 0.8):.2f}", "+noise", "Gaussian",
        "-strip", "-quality", rng.randint(70, 88), dst)


# channel -> (function, extension); pdf-text, pdf-pages, docx and text are written by generate.py
KINDS = {"crisp": (crisp, "png"), "jpeg": (jpeg, "jpg"), "scan": (scan, "pdf"), "photo": (photo, "jpg"),
         "scan-turned": (scan_turned, "pdf"), "screen-photo": (screen_photo, "jpg")}
