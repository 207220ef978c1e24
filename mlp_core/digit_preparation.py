"""Prepare a drawn digit the way MNIST's digits were prepared, so the network sees what it knows.

The MNIST page (LeCun, Cortes and Burges) says how every one of its digits was made: the
black-and-white NIST scans were **size-normalised to fit in a 20 × 20 pixel box** while keeping
their aspect ratio — the averaging of that shrinking (anti-aliasing) is what gives the grey
edges — and then **centred in a 28 × 28 image by their centre of mass**: the image was moved so
that the ink's centre of mass sits at the centre of the 28 × 28 field.

A network trained on those images has only ever seen digits of that size in that place. A
digit drawn small, large or in a corner of a drawing pad is, to it, a different picture; so a
drawing pad must do the same three steps before it asks the network:

1. crop the ink to its bounding box, and pad the shorter side so the box is square (the digit
   keeps its aspect ratio: a "1" stays thin);
2. shrink (or grow) that square to 20 × 20 by **area averaging**: each new pixel is the mean of
   the ink of the area it covers, so a pixel half covered by the stroke becomes half grey;
3. place the 20 × 20 box in a black 28 × 28 image and shift it by whole pixels so that the
   centre of mass lands on the centre: row 14, column 14 (pixel indices 0 … 27; the MNIST
   images have their centre of mass there, to within half a pixel).

Images are 2-D arrays of ink in [0, 1] (0 black background, 1 full ink), row 0 at the top.
Numpy only.
"""
from typing import NamedTuple

import numpy as np

BOX = 20        # the side of the box a digit is fitted into
SIDE = 28       # the side of an MNIST image
CENTRE = 14.0   # the row and the column where MNIST puts a digit's centre of mass


def _check_image(image, name="ink"):
    image = np.asarray(image, dtype=float)
    if image.ndim != 2 or min(image.shape) < 1:
        raise ValueError(f"{name} must be a 2-D image (rows, columns); got shape {image.shape}")
    if not np.all(np.isfinite(image)):
        raise ValueError(f"{name} holds NaN or infinite values; ink is a number in [0, 1]")
    return image


def ink_box(ink):
    """The bounding box of the ink: (r0, r1, c0, c1) with ink[r0:r1, c0:c1] holding every
    pixel > 0, or None for an image without ink."""
    ink = _check_image(ink)
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    if rows.size == 0:
        return None
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def _area_weights(n_in, n_out):
    """The (n_out, n_in) matrix of area averaging along one axis: entry [i, k] is the share of
    new pixel i that old pixel k covers (each row sums to 1)."""
    edges = np.arange(n_out + 1) * (n_in / n_out)          # new pixel i spans edges[i] … edges[i+1]
    lo = np.maximum(edges[:-1, None], np.arange(n_in)[None, :])
    hi = np.minimum(edges[1:, None], np.arange(1, n_in + 1)[None, :])
    return np.clip(hi - lo, 0.0, None) * (n_out / n_in)


def area_resize(image, shape):
    """Resize a 2-D image to ``shape`` = (rows, cols) by area averaging (anti-aliased).

    Each new pixel is the mean of the old image over the area it covers, old pixels that are
    only partly covered counting in proportion. Shrinking by a whole factor k is the mean of
    each k × k block; the total ink per unit area is kept.

    image : array (n_rows, n_cols)  →  array ``shape``
    """
    image = _check_image(image, "image")
    rows, cols = (int(s) for s in shape)
    if rows < 1 or cols < 1:
        raise ValueError(f"shape must be two whole numbers ≥ 1; got {shape!r}")
    # Separable: average along the rows, then along the columns.
    return _area_weights(image.shape[0], rows) @ image @ _area_weights(image.shape[1], cols).T


def fit_in_box(ink, box=BOX):
    """Step 1 and 2: crop to the ink, pad to a square (keeping the aspect ratio), and resize to
    box × box by area averaging. ink : array (H, W) → array (box, box).

    Raises ValueError for an image without ink (there is nothing to fit)."""
    ink = _check_image(ink)
    found = ink_box(ink)
    if found is None:
        raise ValueError("the image has no ink: there is nothing to fit in the box")
    return _fit(ink, found, box)


def _fit(ink, found, box):
    r0, r1, c0, c1 = found
    crop = ink[r0:r1, c0:c1]
    s = max(crop.shape)
    square = np.zeros((s, s))
    top, left = (s - crop.shape[0]) // 2, (s - crop.shape[1]) // 2
    square[top:top + crop.shape[0], left:left + crop.shape[1]] = crop
    return area_resize(square, (box, box))


def centre_of_mass(image):
    """The ink-weighted mean (row, column) of a 2-D image, in pixel indices (0 = first).
    Raises ValueError for an image without ink."""
    image = _check_image(image, "image")
    total = image.sum()
    if total <= 0:
        raise ValueError("the image has no ink: it has no centre of mass")
    rows, cols = np.arange(image.shape[0]), np.arange(image.shape[1])
    return float(image.sum(axis=1) @ rows / total), float(image.sum(axis=0) @ cols / total)


def centre_by_mass(boxed, side=SIDE, centre=CENTRE):
    """Step 3: put a (box, box) image into a black side × side image, shifted by whole pixels so
    that its centre of mass is as close as it can be to (centre, centre).

    The shift is limited so that the box stays inside the image (no ink is cut off).
    Returns (image (side, side), (row shift, column shift) from the middle placement).
    """
    boxed = _check_image(boxed, "boxed")
    box = boxed.shape[0]
    if boxed.shape != (box, box) or box > side:
        raise ValueError(f"boxed must be a square image of side ≤ {side}; got shape {boxed.shape}")
    start = (side - box) // 2                                  # the box in the middle
    com = centre_of_mass(boxed)
    shift = []
    for c in com:
        s = int(np.floor(centre - (start + c) + 0.5))          # round half up, like MNIST's 14 ± 0.5
        shift.append(min(max(s, -start), side - box - start))  # keep the whole box inside
    image = np.zeros((side, side))
    r, c = start + shift[0], start + shift[1]
    image[r:r + box, c:c + box] = boxed
    return image, (shift[0], shift[1])


class Prepared(NamedTuple):
    """Every stage of :func:`prepare_digit`, for the lesson and the tests.

    box : (r0, r1, c0, c1)       the ink's bounding box in the drawing
    boxed : array (20, 20)       the ink fitted into the 20 × 20 box
    image : array (28, 28)       the network's input: boxed, centred by mass in 28 × 28
    shift : (int, int)           the whole-pixel shift (rows, columns) of the centring
    centre : (float, float)      the centre of mass of ``image`` (close to (14, 14))
    """
    box: tuple
    boxed: np.ndarray
    image: np.ndarray
    shift: tuple
    centre: tuple


def prepare_digit(ink, box=BOX, side=SIDE):
    """A drawing (any size, ink in [0, 1]) made into an MNIST-style side × side image.

    ink : array (H, W), e.g. the 280 × 280 pixels of a drawing pad. Returns :class:`Prepared`;
    ``.image.reshape(-1, 1)`` is the network's input column (784, 1).
    Raises ValueError for a drawing without ink: there is nothing to classify.
    """
    ink = np.clip(_check_image(ink), 0.0, 1.0)
    found = ink_box(ink)
    if found is None:
        raise ValueError("the drawing has no ink: there is nothing to classify")
    boxed = _fit(ink, found, box)                  # ink already checked: no second pass
    image, shift = centre_by_mass(boxed, side)
    return Prepared(found, boxed, image, shift, centre_of_mass(image))


def shrink_whole(ink, side=SIDE):
    """The drawing shrunk as a whole to side × side (area averaging), with no fitting and no
    centring: what a pad without the MNIST preparation would feed the network."""
    return area_resize(np.clip(_check_image(ink), 0.0, 1.0), (side, side))
