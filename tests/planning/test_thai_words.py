"""Thai runs words together, but a name that ends with a closing bracket is followed by a space, as Thai writers do:
the unmet need of a Narathiwat dropout read 'บริการสมัครเรียนการศึกษานอกระบบ (สกร./กศน.)ในจังหวัด'."""

from __future__ import annotations

from safetynet.network.model import Organization
from safetynet.planning.explain import before_word
from safetynet.planning.unmet import no_rule_detail
from tests.network.records import org


def test_a_name_ending_with_a_bracket_is_spaced_from_the_next_word() -> None:
    assert before_word("การศึกษานอกระบบ (สกร./กศน.)") + "ในจังหวัด" == "การศึกษานอกระบบ (สกร./กศน.) ในจังหวัด"
    assert before_word("ทุนการศึกษา") + "ในจังหวัด" == "ทุนการศึกษาในจังหวัด"  # no space inside a Thai phrase


def test_an_unmet_need_named_with_a_bracket_reads_as_thai() -> None:
    core = Organization.model_validate(org("nwt-core-team", "core_team", province="TH-96"))
    said = no_rule_detail("non_formal_education", "การศึกษานอกระบบ (สกร./กศน.)", core)
    assert "ความต้องการการศึกษานอกระบบ (สกร./กศน.) ของเด็กคนนี้" in said.th
