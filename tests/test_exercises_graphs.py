"""Notebook 06's coding exercises: reverse mode (backward) and forward mode (dual_mul).

Each checker must say Right for its reference solution, name each recognised slip with its own
message, and turn a learner's crash, wrong type, NaN or endless loop into a message."""
import math

import pytest

from mlp_core import autodiff as ad
from mlp_core.exercises import graphs as G
from mlp_core.exercises.coding import solution_source
from mlp_core.exercises.graphs import check_backward, check_dual_add, check_dual_mul
from untranslated import words_outside_brackets


# -- learner versions of backward, each with one slip ---------------------------------------------
def dfs_order(output, dedupe=True):
    """Nodes, output first, each before its parents (reverse of a depth-first listing)."""
    order, seen = [], set()

    def visit(v):
        if dedupe and v in seen:
            return
        seen.add(v)
        for p, _ in v.parents:
            visit(p)
        order.append(v)
    visit(output)
    return order[::-1]


def bfs_order(output):
    """Breadth-first from the output: not a reverse topological order in general."""
    order, seen, queue = [], {output}, [output]
    while queue:
        v = queue.pop(0)
        order.append(v)
        for p, _ in v.parents:
            if p not in seen:
                seen.add(p)
                queue.append(p)
    return order


def make_backward(step, order_fn=dfs_order, seed=1.0, reset=True):
    def backward(output):
        order = order_fn(output)
        if reset:
            for v in order:
                v.grad = 0.0
        output.grad = seed if reset else output.grad + seed
        for v in order:
            for parent, local in v.parents:
                step(v, parent, local)
        return order
    return backward


def right_step(v, parent, local):
    parent.grad += local * v.grad


def assign_step(v, parent, local):
    parent.grad = local * v.grad


def no_chain_step(v, parent, local):
    parent.grad += local


def own_value_step(v, parent, local):
    parent.grad += parent.data * v.grad


def child_value_step(v, parent, local):
    parent.grad += v.data * v.grad


def parent_grad_step(v, parent, local):
    parent.grad += local * parent.grad


def sign_step(v, parent, local):
    parent.grad -= local * v.grad


def test_reference_backward_is_right_and_matches_the_engine():
    fb = check_backward(G.backward)
    assert fb.ok and fb.text.startswith("Right") and "all 5 graphs" in fb.text
    # the reference written another way (same algorithm) is right too
    assert check_backward(make_backward(right_step)).ok


def test_reference_backward_gives_the_engines_numbers_on_every_graph():
    for _, builder, inputs in G.GRAPHS:
        nodes, out = G._named_graph(builder, inputs)
        order = G.backward(out)
        assert order[0] is out and len(order) == len(out.topological_order())
        mine = {n: v.grad for n, v in nodes.items()}
        for n in inputs:   # finite differences, independently of both engines
            assert math.isclose(mine[n], G.finite_difference(builder, inputs, n),
                                rel_tol=1e-6, abs_tol=1e-8)


@pytest.mark.parametrize("learner, phrase", [
    (make_backward(assign_step), "must be +="),
    (make_backward(no_chain_step), "left out the chain factor"),
    (make_backward(right_step, seed=0.0), "forgot the seed"),
    (make_backward(own_value_step), "the parent's own value"),
    (make_backward(child_value_step), "the node's value (v.data)"),
    (make_backward(parent_grad_step), "multiplied by the parent's gradient"),
    (make_backward(sign_step), "subtracted the terms"),
    (make_backward(right_step, order_fn=lambda o: dfs_order(o)[::-1]), "topological order, inputs first"),
    (make_backward(right_step, order_fn=bfs_order), "breadth-first walk"),
    (make_backward(right_step, order_fn=lambda o: dfs_order(o, dedupe=False)), "appears twice in your order"),
    (make_backward(right_step, reset=False), "were not reset"),
])
def test_each_backward_slip_gets_its_own_message(learner, phrase):
    fb = check_backward(learner)
    assert not fb.ok and fb.text.startswith("Not quite") and phrase in fb.text, fb.text


def test_assign_slip_names_the_lost_path_on_the_article_graph():
    fb = check_backward(make_backward(assign_step))
    assert "∂e/∂b should be 5; yours is 2" in fb.text


def test_right_gradients_but_a_bad_order_returned():
    def backward(output):
        G.backward(output)
        return [output]            # the gradients are set, the order is not returned whole
    fb = check_backward(backward)
    assert "gradients are right" in fb.text and "missing from your order" in fb.text


def test_unknown_backward_mistake_gets_the_paths_and_finite_differences():
    def backward(output):
        order = G.backward(output)
        for v in order:
            if v.name == "b":
                v.grad += 0.25     # a mistake no slip describes
        return order
    fb = check_backward(backward)
    assert "∂e/∂b should be 5; yours is 5.25" in fb.text
    assert "Finite differences agree with the engine: 5" in fb.text
    assert "b→c→e gives 2" in fb.text and "b→d→e gives 3" in fb.text


def stub(output):
    """Not written yet."""
    ...


def raises(output):
    return output.children        # AttributeError: Value has no children


def returns_none(output):
    output.grad = 1.0


def returns_a_number(output):
    G.backward(output)
    return 1.0


def sets_nan(output):
    order = G.backward(output)
    order[-1].grad = float("nan")
    return order


def sets_a_list(output):
    order = G.backward(output)
    order[-1].grad = [1.0]
    return order


def loops(output):
    while True:
        pass


@pytest.mark.parametrize("learner, phrase", [
    (stub, "Not written yet"),
    (raises, "raised AttributeError (line 2 of raises: return output.children"),
    (returns_none, "Did you forget the return statement?"),
    (returns_a_number, "should return its order, a list of the nodes"),
    (sets_nan, "grad is nan"),
    (sets_a_list, "grad should be a number; got list"),
    (loops, "was stopped"),
])
def test_backward_never_crashes_the_checker(learner, phrase):
    fb = check_backward(learner)
    assert not fb.ok and phrase in fb.text, fb.text


# -- dual_mul ----------------------------------------------------------------------------------------
def test_reference_dual_mul_is_right():
    fb = check_dual_mul(G.dual_mul)
    assert fb.ok and fb.text.startswith("Right") and "∂e/∂b = 5" in fb.text


def test_reference_dual_mul_against_the_engine_and_by_hand():
    assert G.dual_mul((3.0, 1.0), (-2.0, 0.5)) == (-6.0, 1.0 * -2.0 + 3.0 * 0.5)
    d = ad.Dual(3.0, 1.0) * ad.Dual(-2.0, 0.5)
    assert G.dual_mul((3.0, 1.0), (-2.0, 0.5)) == (d.data, d.dot)


@pytest.mark.parametrize("learner, phrase", [
    (lambda x, y: (x[0] * y[0], x[1] * y[0]), "dropped the term x_value·y_dot"),
    (lambda x, y: (x[0] * y[0], x[0] * y[1]), "dropped the term x_dot·y_value"),
    (lambda x, y: (x[0] * y[0], x[1] * x[0] + y[1] * y[0]), "its own value"),
    (lambda x, y: (x[0] * y[0], x[1] * y[1]), "multiplied the tangents"),
    (lambda x, y: (x[0] * y[0], x[1] + y[1]), "the rule of a sum"),
    (lambda x, y: (x[0] * y[0], (x[1] + y[1]) * x[0] * y[0]), "tangent of the sum"),
    (lambda x, y: (x[1] * y[0] + x[0] * y[1], x[0] * y[0]), "value and tangent swapped"),
    (lambda x, y: (x[0] + y[0], x[1] * y[0] + x[0] * y[1]), "the value of a sum"),
])
def test_each_dual_mul_slip_gets_its_own_message(learner, phrase):
    fb = check_dual_mul(learner)
    assert not fb.ok and fb.text.startswith("Not quite") and phrase in fb.text, fb.text


def test_a_lost_term_shows_its_consequence_on_the_article_graph():
    fb = check_dual_mul(lambda x, y: (x[0] * y[0], x[1] * y[0]))
    assert "∂e/∂b = 2" in fb.text and "give 5" in fb.text


def test_a_rule_that_depends_on_more_than_its_pairs_is_caught_on_the_graphs():
    calls = []

    def learner(x, y):
        calls.append(1)
        t = x[1] * y[0] + x[0] * y[1]
        return (x[0] * y[0], t if len(calls) <= 4 else 0.0)    # right on the first 4 only
    fb = check_dual_mul(learner)
    assert "every single product was right" in fb.text and "finite differences" in fb.text


def dual_stub(x, y):
    """Not written yet."""
    ...


def dual_raises(x, y):
    return x.data * y.data        # pairs have no .data


def dual_nan(x, y):
    return (x[0] * y[0], float("nan"))


def dual_loops(x, y):
    while True:
        pass


@pytest.mark.parametrize("learner, phrase", [
    (dual_stub, "Not written yet"),
    (dual_raises, "raised AttributeError (line 2 of dual_raises"),
    (lambda x, y: None, "Did you forget the return statement?"),
    (lambda x, y: x[0] * y[0], "returned one number"),
    (lambda x, y: [x[0] * y[0], x[1], y[1]], "should return a pair"),
    (lambda x, y: ("6", 1.0), "value returned for x = (3.0, 1.0), y = (-2.0, 0.5) should be a number"),
    (dual_nan, "it should be a finite number"),
    (dual_loops, "was stopped"),
])
def test_dual_mul_never_crashes_the_checker(learner, phrase):
    fb = check_dual_mul(learner)
    assert not fb.ok and phrase in fb.text, fb.text


def test_solutions_are_registered():
    assert solution_source("backward").startswith("def backward(output):")
    assert solution_source("dual_mul").startswith("def dual_mul(x, y):")
    assert solution_source("dual_add").startswith("def dual_add(x, y):")


def test_calling_the_engine_is_not_an_answer():
    def backward(output):
        output.backward()
        return list(reversed(output.topological_order()))
    assert "called the engine's Value.backward" in check_backward(backward).text


# -- dual_add ----------------------------------------------------------------------------------------
def test_reference_dual_add_is_right():
    fb = check_dual_add(G.dual_add)
    assert fb.ok and fb.text.startswith("Right") and "∂e/∂b = 5" in fb.text
    d = ad.Dual(3.0, 1.0) + ad.Dual(-2.0, 0.5)
    assert G.dual_add((3.0, 1.0), (-2.0, 0.5)) == (d.data, d.dot) == (1.0, 1.5)


@pytest.mark.parametrize("learner, phrase", [
    (lambda x, y: (x[0] + y[0], x[1] * y[1]), "multiplied the tangents"),
    (lambda x, y: (x[0] + y[0], x[1]), "kept only x's tangent"),
    (lambda x, y: (x[0] + y[0], y[1]), "kept only y's tangent"),
    (lambda x, y: (x[0] + y[0], x[1] * y[0] + x[0] * y[1]), "used the product rule"),
    (lambda x, y: (x[0] + y[0], (x[1] + y[1]) * (x[0] + y[0])), "multiplied the tangents' sum"),
    (lambda x, y: (x[0] + y[0], x[1] - y[1]), "subtracted the tangents"),
    (lambda x, y: (x[1] + y[1], x[0] + y[0]), "value and tangent swapped"),
    (lambda x, y: (x[0] * y[0], x[1] + y[1]), "the value of a product"),
    (lambda x, y: (x[0] + y[0], 0.0), "Hint: unpack"),
])
def test_each_dual_add_slip_gets_its_own_message(learner, phrase):
    fb = check_dual_add(learner)
    assert not fb.ok and fb.text.startswith("Not quite") and phrase in fb.text, fb.text


def test_a_lost_sum_term_shows_its_consequence():
    fb = check_dual_add(lambda x, y: (x[0] + y[0], x[1]))
    assert "forward mode seeded at b then gives ∂e/∂b =" in fb.text and "give 5" in fb.text


@pytest.mark.parametrize("learner, phrase", [
    (dual_stub, "Not written yet"),
    (dual_raises, "raised AttributeError"),
    (lambda x, y: x[0] + y[0], "returned one number"),
    (dual_nan, "it should be a finite number"),
    (dual_loops, "was stopped"),
])
def test_dual_add_never_crashes_the_checker(learner, phrase):
    fb = check_dual_add(learner)
    assert not fb.ok and phrase in fb.text, fb.text


# -- every message goes through _(), so the Chinese edition shows it in Chinese ----------------------
def _learners(test):
    """The learners of a parametrized test above, but the endless loops (2 s each)."""
    return [learner for learner, _phrase in test.pytestmark[0].args[1]
            if learner not in (loops, dual_loops)]


def test_every_message_of_the_checkers_is_translated(bracketed):
    from mlp_core.exercises.graphs import check_de_db, check_path_count
    texts = [check_backward(G.backward).text, check_dual_mul(G.dual_mul).text,
             check_dual_add(G.dual_add).text]
    texts += [check_backward(f).text for f in _learners(test_each_backward_slip_gets_its_own_message)
              + _learners(test_backward_never_crashes_the_checker)]
    texts += [check_dual_mul(f).text for f in _learners(test_each_dual_mul_slip_gets_its_own_message)
              + _learners(test_dual_mul_never_crashes_the_checker)]
    texts += [check_dual_add(f).text for f in _learners(test_each_dual_add_slip_gets_its_own_message)]
    # ∂e/∂b at a = 3, b = 2: right 8; the slips d = 3, c = 5, c·d = 15, 2 paths; and a stray 7
    texts += [check_de_db(x, a=3, b=2) for x in (8, 3, 5, 15, 2, 7, "8", None)]
    texts += [check_path_count(x, n=10) for x in (1024, 20, 40, 100, 512, 7, None)]
    assert len(texts) > 40
    for text in texts:
        assert text.startswith("«") and not words_outside_brackets(text), text


def test_the_check_yourself_solutions_are_right():
    """The teacher's run pastes these into the cells `my_de_db = None` and `my_paths = None`."""
    from mlp_core.exercises.graphs import check_de_db, check_path_count
    ns = {}
    exec(solution_source("de_db"), ns)
    exec(solution_source("path_count"), ns)
    # e = (a + b)(b + 1): ∂e/∂b = (b + 1) + (a + b) = a + 2b + 1 = 8 at a = 3, b = 2
    assert ns["my_de_db"] == 3 + 2 * 2 + 1
    assert check_de_db(ns["my_de_db"], a=3, b=2).startswith("Right: ∂e/∂b = 8.")
    assert ns["my_paths"] == 1024
    assert check_path_count(ns["my_paths"], n=10).startswith("Right: 2^10 = 1,024 paths")
