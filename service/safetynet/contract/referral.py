"""The shapes of referrals: what a CM sends (``POST /v1/referrals``), what each action takes, and what the service
answers (a referral, a page of them, events, statistics). Field names are the contract's
(``../shared/CONTRACT.md``, "v1 additions: referrals"); fields beyond it are additions it allows."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from safetynet.contract.case import CaseNeedCode, OrganizationId
from safetynet.contract.plan import MouRef, PlanLocation, RuleRef
from safetynet.contract.text import one_line_break, plain_note
from safetynet.contract.vocabulary import Text

Status = Literal["sent", "acknowledged", "accepted", "declined", "done", "cancelled"]
Action = Literal["acknowledge", "accept", "decline", "done", "cancel", "forward"]
DeclineReason = Literal["no_capacity", "not_eligible", "out_of_area", "unable_to_contact", "other"]
Outcome = Literal["helped", "not_helped"]

# Bidirectional controls are refused too (``contract/text.py``): the receiving organization reads what was written.
Note = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f]+$"),
    AfterValidator(plain_note),
    BeforeValidator(one_line_break),  # runs first: a text box's \r\n, which the pattern refused, read as \n
]
ShortReason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$"),
    AfterValidator(plain_note),
]
PlanId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReferralRequest(_Request):
    """Send a plan item to a partner."""

    plan_id: PlanId
    # As written, so that a need the plan has not (a typo, its Thai name) is answered with the plan's needs.
    need: CaseNeedCode
    organization_id: OrganizationId | None = Field(
        default=None,
        description="one of the item's candidates (default: the first not tried yet), or the provincial core team",
    )
    circumstances_changed: Note | None = Field(
        default=None,
        description="what changed since the partner named declined this item (it reads it): without it, sending "
        "again to a partner that declined is refused, 409 declined_before",
    )


class NoteBody(_Request):
    """The body of ``acknowledge``, ``accept``, ``forward`` and ``cancel``: optional."""

    note: Note | None = None


class DeclineBody(_Request):
    reason: DeclineReason
    note: Note | None = None


class DoneBody(_Request):
    outcome: Outcome
    reason: ShortReason | None = Field(
        default=None, validate_default=True, description="required when the outcome is not_helped"
    )
    note: Note | None = None

    @field_validator("reason")
    @classmethod
    def _reason_when_not_helped(cls, reason: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("outcome") == "not_helped" and reason is None:
            raise ValueError("say why the child was not helped: outcome not_helped needs a reason")
        return reason


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True)


class ChildFacts(_Shape):
    """Only what the receiver needs: never the child's other needs."""

    age: int | None
    sex: str | None
    location: PlanLocation = Field(description="the child's place as in the plan: codes with Thai and English names")
    explanation: list[str] = Field(description="why this need: the explanation of this plan item only")
    explanation_th: list[str] | None = Field(
        default=None,
        description="the same lines in Thai (the plan item's explanation_th); null for a referral of a plan made "
        "before plans said them in Thai (show explanation then)",
    )
    rules: list[RuleRef] = Field(
        default_factory=list,
        description="the rules behind this need, with their Thai and English titles (empty for a referral sent "
        "before referrals carried them)",
    )


class HistoryEntry(_Shape):
    action: str = Field(description="send, forward, acknowledge, accept, decline, done or cancel")
    status: Status
    at: datetime
    by_organization: str | None
    holder: str | None
    reason: str | None
    note: str | None
    outcome: Outcome | None = None


class Referral(_Shape):
    referral_id: str
    plan_id: str
    case_ref: str
    need: str
    need_label: Text = Field(
        description="the need's Thai and English name in the needs catalogue in force (the code itself in both when "
        "the catalogue no longer has it)"
    )
    service: str
    service_label: Text = Field(
        description="the service's Thai and English name in the services catalogue in force (the code itself in both "
        "when the catalogue no longer has it)"
    )
    urgent: bool
    refer_by: datetime = Field(description="the plan item's deadline: acknowledged after it, or not at all, is late")
    overdue: bool = Field(description="still not acknowledged, and the deadline has passed")
    status: Status
    from_organization: str
    to_organization: str
    holder: str | None = Field(description="the organization that must act now (None when nobody must)")
    path: list[str]
    mous: list[MouRef] = Field(description="the MOU behind each hop of the path, in order (the plan's candidate's)")
    child: ChildFacts
    history: list[HistoryEntry]
    replaces: str | None = Field(description="the earlier referral of this plan item that this one replaces")
    replaced_by: str | None
    sent_by: str | None
    created_at: datetime
    acknowledged_at: datetime | None
    accepted_at: datetime | None
    closed_at: datetime | None
    outcome: Outcome | None
    reason: str | None
    escalate_to: str | None = Field(description="the provincial core team, which sees it in its overdue list")
    escalated_at: datetime | None
    next_candidate: str | None = Field(
        description="after a decline: the next candidate not tried yet, which POST /v1/referrals sends to by default"
    )
    allowed_actions: list[Action] = Field(description="what the caller may do now")
    version: int


class ReferralPage(_Shape):
    items: list[Referral]
    next_cursor: str | None


class Event(_Shape):
    event_id: int
    type: str = Field(description="referral.sent, .forwarded, .acknowledged, .accepted, .declined, .done, .cancelled, "
                      ".escalated")  # fmt: skip
    referral_id: str
    status: Status
    at: datetime
    holder: str | None


class EventPage(_Shape):
    items: list[Event]
    next_cursor: str = Field(description="pass it back as `after`; the same when nothing is new")


class ReferralCounts(_Shape):
    sent: int
    acknowledged: int
    acknowledged_in_time: int
    acknowledged_in_time_share: float | None = Field(description="acknowledged_in_time / sent")
    accepted: int
    declined: dict[str, int]
    done_helped: int
    done_not_helped: int
    overdue_now: int
    median_hours_to_acknowledge: float | None


class Stats(_Shape):
    province: str | None
    since: datetime | None
    until: datetime | None
    at: datetime
    plans: int
    referrals: ReferralCounts
    median_hours_to_acknowledge: float | None
    by_need: dict[str, ReferralCounts]
    by_organization: dict[str, ReferralCounts]
