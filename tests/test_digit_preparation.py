"""The MNIST-style preparation of a drawn digit: fit in 20 × 20, centre by mass in 28 × 28."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import mlp_core
from mlp_core.digit_preparation import (area_resize, centre_by_mass, centre_of_mass, fit_in_box,
                                        ink_box, prepare_digit, shrink_whole)


def test_area_resize_by_a_whole_factor_is_the_block_mean():
    img = np.random.default_rng(0).random((12, 8))
    blocks = img.reshape(6, 2, 4, 2).mean(axis=(1, 3))
    np.testing.assert_allclose(area_resize(img, (6, 4)), blocks, rtol=1e-12)


def test_area_resize_by_a_fraction_weighs_partly_covered_pixels():
    # 3 pixels → 2: new pixel 0 covers old 0 and half of old 1, new pixel 1 the rest.
    a, b, c = 0.9, 0.4, 0.1
    out = area_resize(np.array([[a, b, c]]), (1, 2))
    np.testing.assert_allclose(out, [[(a + b / 2) / 1.5, (b / 2 + c) / 1.5]], rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 25), st.integers(1, 25),
       st.integers(0, 10_000))
def test_area_resize_keeps_the_ink_per_area(h, w, rows, cols, seed):
    img = np.random.default_rng(seed).random((h, w))
    out = area_resize(img, (rows, cols))
    assert out.shape == (rows, cols)
    assert out.mean() == pytest.approx(img.mean(), rel=1e-9)
    assert out.min() >= img.min() - 1e-12 and out.max() <= img.max() + 1e-12


def test_fit_in_box_keeps_the_aspect_ratio():
    ink = np.zeros((280, 280))
    ink[30:130, 200:220] = 1.0            # a bar 100 tall, 20 wide, far from the middle
    assert ink_box(ink) == (30, 130, 200, 220)
    boxed = fit_in_box(ink)
    expected = np.zeros((20, 20))
    expected[:, 8:12] = 1.0               # 100 → 20 is a factor 5: 20 wide becomes 4 wide
    np.testing.assert_allclose(boxed, expected, atol=1e-12)


def test_centre_of_mass_and_centring():
    img = np.zeros((5, 5))
    img[1, 3] = 3.0
    img[3, 3] = 1.0
    assert centre_of_mass(img) == pytest.approx((1.5, 3.0))
    boxed = np.zeros((20, 20))
    boxed[0:4, 0:4] = 1.0                 # ink in the box's top-left corner: centre (1.5, 1.5)
    image, shift = centre_by_mass(boxed)
    # In the middle placement (rows 4…23) the centre would be 5.5; the shift is limited to +4
    # so that the whole box stays inside 28 × 28: the ink lands at rows and columns 8…11.
    assert shift == (4, 4)
    assert image[8:12, 8:12].sum() == 16 and image.sum() == 16
    boxed = np.zeros((20, 20))
    boxed[6:10, 11:14] = 1.0              # centre (7.5, 12): placed at 4 → 11.5, 16
    image, shift = centre_by_mass(boxed)
    assert shift == (3, -2)               # 11.5 + 3 = 14.5 (rounded half up), 16 − 2 = 14
    assert centre_of_mass(image) == pytest.approx((14.5, 14.0))


def test_a_drawing_moved_or_enlarged_is_prepared_the_same():
    rng = np.random.default_rng(3)
    shape = (rng.random((40, 30)) > 0.6).astype(float)
    a, b = np.zeros((280, 280)), np.zeros((280, 280))
    a[10:50, 20:50] = shape
    b[200:240, 150:180] = shape           # the same drawing in another corner
    np.testing.assert_array_equal(prepare_digit(a).image, prepare_digit(b).image)
    big = np.zeros((280, 280))
    big[60:140, 100:160] = np.kron(shape, np.ones((2, 2)))   # twice as large
    np.testing.assert_allclose(prepare_digit(big).image, prepare_digit(a).image, atol=1e-12)
    # Shrinking the whole drawing instead keeps its place and its size: a different picture.
    assert not np.allclose(shrink_whole(a), shrink_whole(b))


def test_prepared_mnist_like_digits_fill_the_box_and_sit_at_14_14():
    data = mlp_core.load_mnist()
    for i in range(0, 1000, 97):
        drawing = np.kron(data.X_test[:, i].reshape(28, 28), np.ones((10, 10)))
        p = prepare_digit(drawing)
        r0, r1, c0, c1 = ink_box(p.image)
        assert max(r1 - r0, c1 - c0) == 20                     # fits the 20 × 20 box exactly
        assert all(13.5 <= c <= 14.5 for c in p.centre), p.centre
        assert p.image.sum() == pytest.approx(p.boxed.sum())    # the centring cut nothing off


def test_no_ink_and_bad_input():
    with pytest.raises(ValueError, match="nothing to classify"):
        prepare_digit(np.zeros((280, 280)))
    assert ink_box(np.zeros((3, 3))) is None
    with pytest.raises(ValueError, match="ink must be a 2-D image"):
        prepare_digit(np.zeros(784))
    with pytest.raises(ValueError, match="NaN"):
        prepare_digit(np.full((5, 5), np.nan))
    with pytest.raises(ValueError, match="shape must be"):
        area_resize(np.ones((4, 4)), (0, 2))
