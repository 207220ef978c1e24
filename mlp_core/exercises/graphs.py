"""Check yourself, notebook 06: derivatives on a computational graph, and counting paths.

Each checker takes the learner's answer and returns a message: right, or what is off.
"""
import math

from . import read_number


def check_de_db(answer, a=3.0, b=2.0):
    """Check ∂e/∂b for e = (a + b)·(b + 1) at the given a and b.

    The two paths from b to e are b → c → e (product 1·d) and b → d → e (product 1·c), so
    ∂e/∂b = d + c = (b + 1) + (a + b). Recognised slips: one path only, the number of paths,
    e itself, ∂e/∂a instead, the product of the two paths instead of their sum.
    """
    x, message = read_number(answer, "∂e/∂b")
    if message:
        return message
    c, d = a + b, b + 1
    right = d + c
    if math.isclose(x, right, rel_tol=1e-9, abs_tol=1e-9):
        return (f"✓ Right: ∂e/∂b = {right:g}. Path b→c→e gives 1·d = {d:g}, path b→d→e gives "
                f"1·c = {c:g}, and the derivative is their sum.")
    hints = [
        (d, f"✗ {x:g} is the path b→c→e alone (1·d = {d:g}). b also reaches e through d: "
            f"add that path's product."),
        (c, f"✗ {x:g} is the path b→d→e alone (1·c = {c:g}). b also reaches e through c: "
            f"add that path's product."),
        (c * d, f"✗ {x:g} is e itself (c·d), or the product of the two paths' products. The "
                f"paths' products are added, not multiplied."),
        (2.0, f"✗ {x:g} is the number of paths from b to e. Each path contributes the product "
              f"of the local derivatives on its edges, not 1."),
    ]
    for value, hint in hints:
        if math.isclose(x, value, rel_tol=1e-9, abs_tol=1e-9):
            return hint
    return (f"✗ {x:g} is not ∂e/∂b at a = {a:g}, b = {b:g}. First compute c = a + b and "
            f"d = b + 1, write each edge's local derivative (∂e/∂c = d, ∂e/∂d = c, the others "
            f"1), then add the products along the two paths from b to e.")


def check_path_count(answer, n=10):
    """Check the number of paths from x₀ to x_n through a chain of n diamonds.

    Each diamond offers two ways on, and the choices multiply: 2ⁿ paths. Recognised slips:
    adding the stages' choices (2n), the edges (4n), n².
    """
    x, message = read_number(answer, "number of paths")
    if message:
        return message
    right = 2 ** n
    if x == right:
        return (f"✓ Right: 2^{n} = {right:,} paths; each diamond doubles them (and a chain of "
                f"{n} diamonds has only {4 * n} edges).")
    if x == 2 * n:
        return (f"✗ {x:g} adds the two choices of each diamond. Choices in a row multiply: "
                f"2 ways through the first diamond, each followed by 2 through the second …")
    if x == 4 * n:
        return (f"✗ {x:g} is the number of edges. A path picks one way through every diamond; "
                f"count the combinations.")
    if x == n * n:
        return f"✗ {x:g} is n². Each of the n diamonds doubles the number of paths."
    if x == 2 ** (n - 1) or x == 2 ** (n + 1):
        return (f"✗ {x:g} is off by one doubling: there are exactly {n} diamonds, each with 2 "
                f"ways through it.")
    return (f"✗ {x:g} is not it. Try n = 1 (2 paths) and n = 2 (2·2 = 4 paths), and "
            f"continue the pattern to n = {n}.")
