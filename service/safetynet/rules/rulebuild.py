"""One rule from a file → a typed ``Rule`` / ``ScreeningRule``, checking what a model cannot alone.

Checked here: the id follows the file, ids are unique across files, ``until`` is not before ``from``,
every need, service and organization kind code exists, and the ``when:`` conditions are well formed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from safetynet.contract.facts import Source
from safetynet.contract.vocabulary import ORGANIZATION_KINDS
from safetynet.datafiles.marks import Loc
from safetynet.datafiles.suggest import unknown_code
from safetynet.datafiles.validation import validation_problems
from safetynet.datafiles.yamlio import YamlDoc
from safetynet.errors import Place, Problem
from safetynet.rules.conditions import All, Condition
from safetynet.rules.files import NeedRuleSpec, ScreeningRuleSpec
from safetynet.rules.model import Need, Outcome, Provider, Rule, RuleHeader, ScheduledStep, ScreeningRule, Service
from safetynet.rules.parse import ConditionReader

#: The fields of a rule's header that its file gives as they are (``spec`` has them under these names).
_AS_WRITTEN = ("id", "title", "reference", "effective_from", "until", "priority")


@dataclass
class RuleBuilder:
    needs: dict[str, Need]
    services: dict[str, Service]
    rules: list[Rule] = field(default_factory=list)
    screening: list[ScreeningRule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen: dict[str, Place] = field(default_factory=dict)  # id -> where it was first given

    def need_rule(self, doc: YamlDoc, lines: Sequence[str], prefix: str, raw: Any, i: int) -> None:
        begun = self._begin(doc, lines, prefix, raw, i, model=NeedRuleSpec, source="case")
        if begun is None:
            return
        spec, header, ok = begun
        base: Loc = ("rules", i)
        if self.needs and spec.need not in self.needs:
            ok = self._error(doc, (*base, "need"), unknown_code("need", spec.need, self.needs, "needs.yaml"))
        then = spec.then
        if self.services and then.service not in self.services:
            ok = self._error(
                doc, (*base, "then", "service"), unknown_code("service", then.service, self.services, "services.yaml")
            )
        for j, provider in enumerate(then.providers):
            if provider.kind not in ORGANIZATION_KINDS:
                ok = self._error(
                    doc,
                    (*base, "then", "providers", j, "kind"),
                    unknown_code("organization kind", provider.kind, ORGANIZATION_KINDS, "docs/rules.md"),
                )
        if ok:
            outcome = Outcome(
                service=then.service,
                providers=tuple(Provider(p.kind, p.level) for p in then.providers),
                urgent=then.urgent,
                timeline=tuple(ScheduledStep(s.step, s.term, s.days) for s in then.timeline),
            )
            self.rules.append(Rule(**vars(header), need=spec.need, outcome=outcome))

    def screening_rule(self, doc: YamlDoc, lines: Sequence[str], prefix: str, raw: Any, i: int) -> None:
        begun = self._begin(doc, lines, prefix, raw, i, model=ScreeningRuleSpec, source="survey")
        if begun is None:
            return
        spec, header, ok = begun
        for j, code in enumerate(spec.then.suggest):
            if self.needs and code not in self.needs:
                unknown = unknown_code("need", code, self.needs, "needs.yaml")
                ok = self._error(doc, ("rules", i, "then", "suggest", j), unknown)
        if ok:
            suggest = tuple(dict.fromkeys(spec.then.suggest))
            self.screening.append(ScreeningRule(**vars(header), tier=spec.then.tier, suggest=suggest))

    # --- helpers ---------------------------------------------------------------------------------

    def _begin(
        self, doc: YamlDoc, lines: Sequence[str], prefix: str, raw: Any, i: int, *, model: Any, source: Source
    ) -> tuple[Any, RuleHeader, bool] | None:
        """The rule's spec and what every rule has, and whether that much is right; None when it cannot be read."""
        base: Loc = ("rules", i)
        spec = self._spec(doc, model, raw, base)
        condition = self._condition(doc, lines, raw, base, source)
        if spec is None or condition is None:
            return None
        given = {name: getattr(spec, name) for name in _AS_WRITTEN}
        places = tuple((name, doc.place((*base, name), key=True)) for name in ("when", "until") if name in raw)
        if isinstance(raw.get("then"), dict) and "service" in raw["then"]:
            places += (("then.service", doc.place((*base, "then", "service"))),)
        header = RuleHeader(**given, condition=condition, source=doc.place(base), places=places)
        return spec, header, self._header_ok(doc, header, prefix, base)

    def _spec(self, doc: YamlDoc, model: Any, raw: Any, base: Loc) -> Any:
        if not isinstance(raw, dict):
            self._error(doc, base, "each rule is a map that starts with 'id: ...' (check the '- ' and indentation)")
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            self.problems.extend(validation_problems(doc, exc, model, base=base))
            return None

    def _condition(self, doc: YamlDoc, lines: Sequence[str], raw: Any, base: Loc, source: Source) -> Condition | None:
        if not isinstance(raw, dict) or "when" not in raw:
            return All(())
        reader = ConditionReader(doc=doc, lines=lines, source=source, need_codes=list(self.needs))
        condition = reader.read(raw["when"], (*base, "when"))
        self.problems.extend(reader.problems)
        return condition

    def _header_ok(self, doc: YamlDoc, spec: RuleHeader, prefix: str, base: Loc) -> bool:
        ok = True
        name = spec.id.rsplit(".", 1)[-1]
        if spec.id.rsplit(".", 1)[0] != prefix:
            ok = self._error(
                doc,
                (*base, "id"),
                f"id {spec.id!r} does not follow its file: ids in this file start with '{prefix}.'; "
                f"write '{prefix}.{name}'",
            )
        elif spec.id in self.seen:
            ok = self._error(
                doc, (*base, "id"), f"id {spec.id!r} is already used at {self.seen[spec.id]}: give each rule its own id"
            )
        else:
            self.seen[spec.id] = spec.source
        if spec.until is not None and spec.until < spec.effective_from:
            ok = self._error(
                doc,
                (*base, "until"),
                f"until ({spec.until.isoformat()}) is before from ({spec.effective_from.isoformat()}): "
                "the rule would never be in force; fix one of the two days",
            )
        return ok

    def _error(self, doc: YamlDoc, loc: Loc, message: str) -> bool:
        self.problems.append(doc.problem(loc, message))
        return False
