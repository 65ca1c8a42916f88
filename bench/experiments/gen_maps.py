#!/usr/bin/env python3
"""Emit one SMT-LIB 2 query of a lending-like spec with N accounts, in one of
three encodings of the maps `collateral, debt: Account -> real`:

  scalar     one Real constant per account and step (what Bulwark does today:
             a read m[i] with a symbolic i is an ite chain over the accounts, a
             write m[i] = e rewrites every cell as ite(i == c, e, m[c]))
  array-dt   (Array Account Real), Account a datatype with N constructors
  array-int  (Array Int Real), accounts 0..N-1, action arguments range-checked

The spec (the Bulwark source is lending_total.bwk beside this file):
  state collateral[a], debt[a], price, totalDebt; param MAX_MOVE in [0, 0.2]
  deposit(a, amt)        amt > 0;  collateral[a] += amt
  borrow(a, amt)         amt > 0, debt[a] + amt <= collateral[a]*price*LT;
                         debt[a] += amt; totalDebt += amt
  liquidate(liq, a, r)   debt[a] > collateral[a]*price*LT, liq != a, 0 < r <= debt[a];
                         seized = min(collateral[a], r*(1+BONUS)/price);
                         debt[a] -= r; totalDebt -= r; collateral[a] -= seized;
                         collateral[liq] += seized
  oracle(p)              p > 0, price*(1-MAX_MOVE) <= p <= price*(1+MAX_MOVE); price = p
  invariants price_positive, no_negative_debt, debt_is_sum (totalDebt == sum debt),
             solvent (sum collateral[a]*price >= sum debt[a])

Queries (the same shapes as `bulwark smt2`):
  step_debt_is_sum_liquidate  all invariants at step 0, one liquidate, not debt_is_sum at 1 (unsat)
  step_solvent_liquidate      all invariants at 0, one liquidate, not solvent at 1 (unsat)
  step_solvent_any            all invariants at 0, one step of any action, not solvent at 1 (sat: oracle)
  bmc_solvent_D               init, D steps of any action, not solvent at D (D=3 unsat, D=4 sat)
  bmc_debt_is_sum_D           init, D steps, not debt_is_sum at D (unsat)

usage: gen_maps.py ENCODING N QUERY
"""
import sys

enc, N, query = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ACC = [f"a{i}" for i in range(N)]
LT, BONUS = "(/ 4.0 5.0)", "(/ 21.0 20.0)"   # 0.8 and 1 + 0.05, as Bulwark prints them
MAPS = ["collateral", "debt"]
decls, asserts = [], []


def idx_sort():
    return "Int" if enc == "array-int" else "Acc"


def elem(i):
    return str(i) if enc == "array-int" else f"Acc!{ACC[i]}"


def declare(name, sort):
    decls.append(f"(declare-fun |{name}| () {sort})")
    return f"|{name}|"


def declare_index(name):
    v = declare(name, idx_sort())
    if enc == "array-int":
        asserts.append(f"(and (<= 0 {v}) (< {v} {N}))")
    return v


def fresh_state(k):
    st = {"price": declare(f"price@{k}", "Real"), "totalDebt": declare(f"totalDebt@{k}", "Real")}
    for m in MAPS:
        if enc == "scalar":
            st[m] = [declare(f"{m}[{a}]@{k}", "Real") for a in ACC]
        else:
            st[m] = declare(f"{m}@{k}", f"(Array {idx_sort()} Real)")
    return st


def rd(st, m, i, ctx=None):
    """m[i]; ctx = (index term, cell number) when the caller is rewriting that cell."""
    if enc != "scalar":
        return f"(select {st[m]} {i})"
    if ctx is not None and ctx[0] == i:
        return st[m][ctx[1]]
    t = st[m][N - 1]
    for c in range(N - 2, -1, -1):
        t = f"(ite (= {i} {elem(c)}) {st[m][c]} {t})"
    return t


def wr(st, m, i, f):
    """m[i] = f(read of m[i] in the cell being written); returns the new map term."""
    if enc != "scalar":
        return f"(store {st[m]} {i} {f(rd(st, m, i))})"
    return [f"(ite (= {i} {elem(c)}) {f(st[m][c])} {st[m][c]})" for c in range(N)]


def total(st, m, fn=lambda x: x):
    return "(+ " + " ".join(fn(rd(st, m, elem(c))) for c in range(N)) + ")" if N > 1 else fn(rd(st, m, elem(0)))


def action(name, k, s, t):
    """The step k from state s to state t by action `name`: a conjunction."""
    upd = dict(s)
    guard = []
    if name == "deposit":
        a, amt = declare_index(f"deposit.a@{k}"), declare(f"deposit.amt@{k}", "Real")
        guard.append(f"(< 0.0 {amt})")
        upd["collateral"] = wr(s, "collateral", a, lambda x: f"(+ {x} {amt})")
    elif name == "borrow":
        a, amt = declare_index(f"borrow.a@{k}"), declare(f"borrow.amt@{k}", "Real")
        guard += [f"(< 0.0 {amt})",
                  f"(<= (+ {rd(s, 'debt', a)} {amt}) (* (* {rd(s, 'collateral', a)} {s['price']}) {LT}))"]
        upd["debt"] = wr(s, "debt", a, lambda x: f"(+ {x} {amt})")
        upd["totalDebt"] = f"(+ {s['totalDebt']} {amt})"
    elif name == "liquidate":
        liq, a = declare_index(f"liquidate.liq@{k}"), declare_index(f"liquidate.a@{k}")
        r = declare(f"liquidate.repay@{k}", "Real")
        p = s["price"]
        guard += [f"(not (<= {rd(s, 'debt', a)} (* (* {rd(s, 'collateral', a)} {p}) {LT})))",
                  f"(not (= {liq} {a}))", f"(< 0.0 {r})", f"(<= {r} {rd(s, 'debt', a)})"]
        q = f"(ite (= {p} 0.0) 0.0 (/ (* {r} {BONUS}) {p}))"
        mn = lambda x: f"(ite (<= {x} {q}) {x} {q})"
        seized = mn(rd(s, "collateral", a))
        upd["debt"] = wr(s, "debt", a, lambda x: f"(- {x} {r})")
        upd["totalDebt"] = f"(- {s['totalDebt']} {r})"
        mid = dict(s)
        mid["collateral"] = wr(s, "collateral", a, lambda x: f"(- {x} {mn(x)})")
        upd["collateral"] = wr(mid, "collateral", liq, lambda x: f"(+ {x} {seized})")
    elif name == "oracle":
        pn, p = declare(f"oracle.p@{k}", "Real"), s["price"]
        guard += [f"(< 0.0 {pn})", f"(<= (* {p} (- 1.0 |MAX_MOVE|)) {pn})",
                  f"(<= {pn} (* {p} (+ 1.0 |MAX_MOVE|)))"]
        upd["price"] = pn
    conj = guard + eq_with(t, upd)
    return "(and " + " ".join(conj) + ")"


def eq_with(t, upd):
    out = [f"(= {t['price']} {upd['price']})", f"(= {t['totalDebt']} {upd['totalDebt']})"]
    for m in MAPS:
        if enc == "scalar":
            out += [f"(= {a} {b})" for a, b in zip(t[m], upd[m])]
        else:
            out.append(f"(= {t[m]} {upd[m]})")
    return out


ACTIONS = ["deposit", "borrow", "liquidate", "oracle"]


def step(k, s, t, which):
    sel = declare(f"action@{k}", "Int")
    alts = [f"(and (= {sel} {ACTIONS.index(n)}) {action(n, k, s, t)})" for n in which]
    asserts.append("(or " + " ".join(alts) + ")")


def inv(st, name):
    if name == "price_positive":
        return f"(< 0.0 {st['price']})"
    if name == "no_negative_debt":
        return "(and " + " ".join(f"(<= 0.0 {rd(st, 'debt', elem(c))})" for c in range(N)) + ")"
    if name == "debt_is_sum":
        return f"(= {st['totalDebt']} {total(st, 'debt')})"
    if name == "solvent":
        price = st["price"]
        value = total(st, "collateral", lambda x: f"(* {x} {price})")
        return f"(<= {total(st, 'debt')} {value})"
    raise SystemExit(name)


INVS = ["price_positive", "no_negative_debt", "debt_is_sum", "solvent"]
mm = declare("MAX_MOVE", "Real")
asserts += [f"(<= 0.0 {mm})", f"(<= {mm} (/ 1.0 5.0))"]

if query.startswith("step_"):
    prop, act = query[len("step_"):].rsplit("_", 1)
    s0, s1 = fresh_state(0), fresh_state(1)
    asserts += [inv(s0, i) for i in INVS]
    step(0, s0, s1, ACTIONS if act == "any" else [act])
    asserts.append(f"(not {inv(s1, prop)})")
elif query.startswith("bmc_"):
    prop, d = query[len("bmc_"):].rsplit("_", 1)
    d = int(d)
    st = [fresh_state(0)]
    s0 = st[0]
    asserts.append(f"(< 0.0 {s0['price']})")
    asserts.append(f"(= {s0['totalDebt']} 0.0)")
    for c in range(N):
        asserts += [f"(= {rd(s0, 'collateral', elem(c))} 0.0)", f"(= {rd(s0, 'debt', elem(c))} 0.0)"]
    for k in range(d):
        st.append(fresh_state(k + 1))
        step(k, st[k], st[k + 1], ACTIONS)
    asserts.append(f"(not {inv(st[d], prop)})")
else:
    raise SystemExit("unknown query " + query)

print(f"; gen_maps.py {enc} {N} {query}")
print("(set-logic ALL)")
if enc != "array-int":
    print("(declare-datatypes ((Acc 0)) ((" + " ".join(f"(Acc!{a})" for a in ACC) + ")))")
print("\n".join(decls))
for a in asserts:
    print(f"(assert {a})")
print("(check-sat)")
