"""Ward knowledge in the database: the wards a user may see, their records, and the residents'
answers from the ward (masked: the ward page is a working page, not a place to read names)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townhall.consult.analysis.masking import mask_personal_data
from townhall.consult.models import (
    Answer,
    AnswerStance,
    CommunityGroup,
    Consultation,
    Engagement,
    Response,
    ThemeAssignment,
    User,
    Ward,
    WardNote,
    consultation_wards,
    utc_now,
)
from townhall.consult.services.themes import current_themes

KnowledgeRecord = CommunityGroup | WardNote | Engagement
MODELS: dict[str, type[KnowledgeRecord]] = {
    "groups": CommunityGroup,
    "notes": WardNote,
    "engagements": Engagement,
}
ANSWERS_SHOWN = 20


@dataclass(frozen=True)
class WardAnswers:
    """One consultation's responses from the ward: how many, themes and stances, masked answers."""

    consultation: Consultation
    responses: int
    themes: list[tuple[str, int]]
    stances: Counter[str]
    texts: list[str]
    more: int


def may_see(user: User, ward_id: int) -> bool:
    """Officers and admins see every ward; a councillor only the wards they represent."""
    return user.role != "councillor" or ward_id in {ward.id for ward in user.wards}


def visible_wards(session: Session, user: User) -> list[Ward]:
    """The wards this user may open, by name."""
    if user.role == "councillor":
        return sorted(user.wards, key=lambda ward: ward.name)
    return list(session.scalars(select(Ward).order_by(Ward.name)))


def records(session: Session, ward: Ward, section: str) -> list[KnowledgeRecord]:
    """The ward's records of one kind: groups by name, notes and engagements newest first."""
    model = MODELS[section]
    order = {
        "groups": (CommunityGroup.name,),
        "notes": (WardNote.updated_at.desc(),),
        "engagements": (Engagement.happened_on.desc(), Engagement.id.desc()),
    }[section]
    return list(session.scalars(select(model).where(model.ward_id == ward.id).order_by(*order)))


def record_of(session: Session, ward: Ward, section: str, item_id: int) -> KnowledgeRecord | None:
    """One record of the ward, or None (a record of another ward is none of this page's)."""
    item = session.get(MODELS[section], item_id)
    if isinstance(item, CommunityGroup | WardNote | Engagement) and item.ward_id == ward.id:
        return item
    return None


def save_record(
    session: Session,
    ward: Ward,
    section: str,
    values: dict[str, str | date | None],
    user: User,
    item: KnowledgeRecord | None = None,
) -> KnowledgeRecord:
    """Create the record (or update `item`) with checked values."""
    if item is None:
        item = MODELS[section](ward_id=ward.id)
        session.add(item)
    for name, value in values.items():
        setattr(item, name, value)
    item.updated_by = user.email
    item.updated_at = utc_now()
    session.flush()
    return item


def ward_answers(session: Session, ward: Ward) -> list[WardAnswers]:
    """For each consultation that asked this ward (not drafts), what its residents said."""
    consultations = session.scalars(
        select(Consultation)
        .join(consultation_wards, consultation_wards.c.consultation_id == Consultation.id)
        .where(consultation_wards.c.ward_id == ward.id, Consultation.status != "draft")
        .order_by(Consultation.closes_on.desc())
    ).all()
    return [_answers(session, consultation, ward) for consultation in consultations]


def _answers(session: Session, consultation: Consultation, ward: Ward) -> WardAnswers:
    responses = select(Response.id).where(
        Response.consultation_id == consultation.id, Response.ward_id == ward.id
    )
    count = session.scalar(select(func.count()).select_from(responses.subquery())) or 0
    answers = select(Answer.id).where(
        Answer.response_id.in_(responses), Answer.text.is_not(None), Answer.text != ""
    )
    written = session.scalar(select(func.count()).select_from(answers.subquery())) or 0
    texts = session.scalars(
        select(Answer.text)
        .where(Answer.id.in_(answers))
        .order_by(Answer.id.desc())
        .limit(ANSWERS_SHOWN)
    ).all()
    labels = {
        theme.key: theme.label
        for question in consultation.questions
        if question.kind == "text" and (found := current_themes(session, question)) is not None
        for theme in found.themes
    }
    themes = Counter(
        session.scalars(
            select(ThemeAssignment.theme_key).where(ThemeAssignment.answer_id.in_(answers))
        )
    )
    stances = Counter(
        session.scalars(select(AnswerStance.stance).where(AnswerStance.answer_id.in_(answers)))
    )
    return WardAnswers(
        consultation=consultation,
        responses=count,
        themes=[(labels.get(key, key), n) for key, n in themes.most_common()],
        stances=stances,
        texts=[mask_personal_data(text).text for text in texts if text],
        more=max(0, written - ANSWERS_SHOWN),
    )
