"""Role assignment, status, linking and merging on short sentences written by the team."""

from __future__ import annotations

from decimal import Decimal

import pytest

import dealparse
from dealparse.events import DataCenterProject, Investment, OfficeOpening

PUBLISHED = "2025-03-20"


def events_of(text: str, published: str | None = PUBLISHED, type_: str | None = None) -> list:
    events = dealparse.load("rules").extract(text, published=published).events
    return [e for e in events if type_ is None or e.type == type_]


def names(event) -> set[str]:
    return {p.name for p in event.participants}


def test_mou_between_subject_and_partner() -> None:
    (mou,) = events_of(
        "네이버는 지난 18일 한국산업은행과 AI 생태계 조성을 위한 업무협약(MOU)을 체결했다.", type_="mou"
    )
    assert names(mou) == {"네이버", "한국산업은행"}
    assert mou.status == "confirmed"
    assert mou.date is not None and mou.date.iso == "2025-03-18"
    assert mou.evidence is not None and mou.evidence.text.startswith("네이버는")


def test_coordinated_subjects_make_one_joint_mou() -> None:
    (mou,) = events_of("카카오와 KT는 20일 클라우드 협력을 위한 양해각서를 맺었다고 밝혔다.", type_="mou")
    assert names(mou) == {"카카오", "KT"}


def test_investor_and_investee_from_particles() -> None:
    (inv,) = events_of("삼성전자가 리벨리온에 300억원을 투자했다.", type_="investment")
    assert isinstance(inv, Investment)
    assert [p.name for p in inv.investors] == ["삼성전자"]
    assert inv.investee is not None and inv.investee.name == "리벨리온"
    assert (
        inv.amount is not None and inv.amount.value == Decimal("30000000000") and inv.amount.currency == "KRW"
    )


def test_investment_raised_from_investors() -> None:
    (inv,) = events_of(
        "업스테이지는 카카오벤처스로부터 100억원 규모의 시리즈B 투자를 유치했다.", type_="investment"
    )
    assert inv.investee is not None and inv.investee.name == "업스테이지"
    assert {p.name for p in inv.investors} == {"카카오벤처스"}
    assert inv.round == "시리즈B"


def test_investors_named_in_the_next_sentence_complete_the_round() -> None:
    text = (
        "퓨리오사AI는 지난 6월 800억원의 시리즈C 투자 유치를 완료했다. 네이버, 산업은행 등이 투자에 참여했다."
    )
    (inv,) = events_of(text, type_="investment")
    assert inv.investee is not None and inv.investee.name == "퓨리오사AI"
    assert {p.name for p in inv.investors} == {"네이버", "산업은행"}
    assert inv.date is not None and inv.date.iso == "2024-06"


def test_one_party_with_several_partners_gives_one_event_per_pair() -> None:
    text = "오픈AI는 카카오, 크래프톤, SK텔레콤과 각각 파트너십을 맺었다."
    pairs = {frozenset(names(e)) for e in events_of(text, type_="partnership")}
    assert pairs == {
        frozenset({"오픈AI", "카카오"}),
        frozenset({"오픈AI", "크래프톤"}),
        frozenset({"오픈AI", "SK텔레콤"}),
    }


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("LG전자는 마이크로소프트와 업무협약을 체결했다.", "confirmed"),
        ("LG전자는 마이크로소프트와 업무협약을 체결할 예정이다.", "planned"),
        ("LG전자는 마이크로소프트와 업무협약 체결을 추진하기로 했다.", "planned"),
        ("LG전자는 마이크로소프트와 업무협약 체결을 검토하고 있다.", "discussing"),
        ("LG전자는 마이크로소프트와 업무협약 체결 가능성을 모색하고 있다.", "discussing"),
        ("LG전자는 마이크로소프트와의 업무협약 체결은 결정된 바 없다고 밝혔다.", "negated"),
        ("LG전자와 마이크로소프트의 업무협약 추진은 결국 무산됐다.", "negated"),
    ],
)
def test_status_from_modality_cues(sentence: str, status: str) -> None:
    (mou,) = events_of(sentence, type_="mou")
    assert mou.status == status


def test_office_opening_kind_and_location() -> None:
    (office,) = events_of("앤트로픽은 서울에 한국 사무소를 열 계획이라고 밝혔다.", type_="office_opening")
    assert isinstance(office, OfficeOpening)
    assert names(office) == {"앤트로픽"}
    assert office.kind == "office"
    assert office.status == "planned"
    assert office.location is not None and office.location.name in {"서울", "한국"}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("새봄텍이 토론토에 인공지능 연구센터를 신설했다고 밝혔다.", "office"),
        ("한빛랩스는 부산 해운대구에 사업장을 신설한다.", "office"),
        ("새봄텍과 한빛랩스는 JV 설립을 연내 마무리하기로 했다.", "subsidiary"),
    ],
)
def test_a_research_centre_site_or_joint_venture_set_up_is_an_office_opening(sentence: str, kind: str) -> None:
    (office,) = events_of(sentence, type_="office_opening")
    assert office.kind == kind


def test_branch_not_decided_is_negated() -> None:
    text = "오픈AI는 한국산업은행과 업무협약을 맺었다. 다만 오픈AI의 한국 지사 설립은 아직 결정된 바 없다."
    (office,) = events_of(text, type_="office_opening")
    assert office.kind == "branch"
    assert office.status == "negated"


def test_datacenter_capacity_mode_and_location() -> None:
    text = "SK텔레콤은 울산에 100MW 규모의 AI 데이터센터를 구축한다고 20일 밝혔다."
    (dc,) = events_of(text, type_="datacenter")
    assert isinstance(dc, DataCenterProject)
    assert names(dc) == {"SK텔레콤"}
    assert dc.capacity is not None and dc.capacity.megawatts == 100
    assert dc.mode == "build"
    assert dc.location is not None and dc.location.name == "울산"
    assert dc.status == "planned"


def test_datacenter_lease() -> None:
    (dc,) = events_of(
        "구글은 2015년 롯데정보통신 데이터센터를 임차해 한국 시장에 진출했다.", type_="datacenter"
    )
    assert dc.mode == "lease"
    assert dc.date is not None and dc.date.iso == "2015"


def test_repeated_deal_is_merged_into_one_event() -> None:
    sentence = "카카오는 지난 3일 네이버클라우드와 업무협약을 체결했다. "
    assert len(events_of(sentence * 3, type_="mou")) == 1


def test_dropped_subject_is_carried_from_previous_sentence() -> None:
    text = "메타는 AI 투자를 늘리고 있다. 최근 텍사스에 새 데이터센터를 구축했다."
    (dc,) = events_of(text, type_="datacenter")
    assert names(dc) == {"메타"}


def test_amount_with_conversion() -> None:
    (inv,) = events_of(
        "오픈AI는 지난달 66억 달러(약 9조2380억원) 투자 유치를 마쳤다.",
        published="2024-11-27",
        type_="investment",
    )
    assert inv.amount is not None
    assert inv.amount.value == Decimal("6600000000") and inv.amount.currency == "USD"
    assert inv.amount.converted is not None and inv.amount.converted.value == Decimal("9238000000000")


def test_participant_offsets_point_at_the_names() -> None:
    text = "네이버는 한국산업은행과 업무협약을 체결했다."
    (mou,) = events_of(text, type_="mou")
    for p in mou.participants:
        assert text[p.start : p.end] == p.name


def test_reporting_day_gives_month_precision() -> None:
    text = "9일 관련업계에 따르면 구글은 지난해 2월 구글클라우드코리아 법인을 설립했다."
    (office,) = events_of(text, published="2019-04-09", type_="office_opening")
    assert office.date is not None and office.date.iso == "2018-02"


def test_relative_clause_names_the_investor() -> None:
    text = "소프트뱅크는 약 140억 달러를 오픈AI에 투자한 마이크로소프트를 제치고 최대주주가 될 수 있다."
    (inv,) = events_of(text, type_="investment")
    assert [p.name for p in inv.investors] == ["마이크로소프트"]
    assert inv.investee is not None and inv.investee.name == "오픈AI"
    assert inv.status == "confirmed"


def test_news_outlet_is_not_a_participant() -> None:
    text = "월스트리트저널은 메타가 구글과 클라우드 계약을 체결했다고 보도했다."
    (deal,) = events_of(text, type_="partnership")
    assert names(deal) == {"메타", "구글"}


def test_list_with_head_noun_takes_its_particle() -> None:
    text = "삼성전자는 구글, 퀄컴 등 글로벌 기업들과 온디바이스 AI를 중심으로 협력하고 있다."
    pairs = {frozenset(names(e)) for e in events_of(text, type_="partnership")}
    assert pairs == {frozenset({"삼성전자", "구글"}), frozenset({"삼성전자", "퀄컴"})}


def test_later_telling_in_one_sentence_updates_status() -> None:
    text = "크래프톤은 당초 리벨리온에 200억원의 투자를 검토했으나 지난해 투자 계획을 잠정 중단했다."
    (inv,) = events_of(text, type_="investment")
    assert inv.status == "negated"


def test_act_done_before_another_is_confirmed() -> None:
    text = "오픈AI는 지난달 66억 달러 투자 유치 후 파리와 싱가포르에 새 지사를 열 것이라고 밝혔다."
    events = events_of(text, published="2024-11-27")
    statuses = {e.type: e.status for e in events}
    assert statuses == {"investment": "confirmed", "office_opening": "planned"}


def test_one_negotiation_told_with_different_figures_is_one_investment() -> None:
    text = (
        "현대차가 모빌리티 스타트업 포티투닷에 최대 250억원을 추가 투자하는 방안을 논의 중이다. "
        "업계에 따르면 현대차는 포티투닷에 150억~250억원을 투자하는 방안을 놓고 협상 중이다."
    )
    (inv,) = events_of(text, type_="investment")
    assert inv.amount is not None and inv.amount.value == Decimal("25000000000")  # the first figure
    assert inv.status == "discussing"


def test_different_figures_without_a_common_bound_stay_two_investments() -> None:
    text = "삼성전자는 리벨리온에 300억원을 투자했다. 삼성전자는 퓨리오사AI에도 500억원을 투자했다."
    assert len(events_of(text, type_="investment")) == 2


def test_a_fundraising_told_in_the_lead_and_the_body_is_one_investment() -> None:
    text = (
        "AI 반도체 기업 리벨리온이 900억원 규모의 투자 유치를 진행 중이다. "
        "리벨리온은 시리즈C 투자 라운드로 800억원을 유치한 것으로 알려졌다."
    )
    (inv,) = events_of(text, type_="investment")
    assert inv.amount is not None and inv.amount.value == Decimal("90000000000")
    assert inv.round == "시리즈C"


def test_fundraisings_of_different_rounds_stay_apart() -> None:
    text = "리벨리온은 2022년 시리즈B 투자로 620억원을 유치했다. 리벨리온은 2024년 시리즈C 투자로 1650억원을 유치했다."
    assert len(events_of(text, type_="investment")) == 2


def test_investors_that_contribute_separately_make_one_investment_each() -> None:
    text = (
        "두 회사는 ‘코리아AI’라는 합작 법인을 설립할 예정이며 "
        "네이버와 카카오는 이 법인에 각각 100억원을 출자할 예정이다."
    )
    investments = events_of(text, type_="investment")
    assert sorted(tuple(sorted(names(e))) for e in investments) == [("네이버", "코리아AI"), ("카카오", "코리아AI")]
    assert all(e.investee is not None and e.investee.name == "코리아AI" for e in investments)
    (office,) = events_of(text, type_="office_opening")
    assert "코리아AI" in names(office) and office.kind == "subsidiary"


def test_an_investor_in_several_listed_companies_makes_one_investment_each() -> None:
    investments = events_of("카카오벤처스는 올해 업스테이지, 리벨리온에 투자했다.", type_="investment")
    assert sorted(e.investee.name for e in investments if e.investee is not None) == ["리벨리온", "업스테이지"]
    assert all([p.name for p in e.investors] == ["카카오벤처스"] for e in investments)


def test_an_actor_marked_by_yeoksi_is_the_subject() -> None:
    (inv,) = events_of("카카오벤처스 역시 업스테이지에 100억원을 투자했다.", type_="investment")
    assert [p.name for p in inv.investors] == ["카카오벤처스"]
    assert inv.investee is not None and inv.investee.name == "업스테이지"


def test_a_subsidiary_set_up_under_its_legal_form_names_the_new_company() -> None:
    text = (
        "9일 관련업계에 따르면 아마존은 지난해 2월 유한회사 아마존웹서비스코리아를 신설했다. 자본금은 5억원이다."
    )
    (office,) = events_of(text, published="2019-04-09", type_="office_opening")
    assert names(office) == {"아마존", "아마존웹서비스코리아"}
    assert office.kind == "subsidiary" and office.date is not None and office.date.iso == "2018-02"
    assert office.amount is not None and office.amount.value == Decimal("500000000")


def test_a_reporting_day_with_an_abbreviated_source_dates_the_month() -> None:
    text = "27일 벤처캐피탈(VC) 업계에 따르면 퓨리오사AI는 시리즈C 투자로 800억원을 유치했다."
    (inv,) = events_of(text, published="2025-05-27", type_="investment")
    assert inv.date is not None and inv.date.iso == "2025-05"


def test_a_date_after_publication_is_a_target_and_the_announcement_dates_the_plan() -> None:
    text = "한빛소프트는 다음 달 1일 자회사 누리랩을 설립한다고 27일 밝혔다."
    (office,) = events_of(text, published="2025-03-27", type_="office_opening")
    assert office.date is not None and office.date.iso == "2025-03-27"


def test_an_event_reported_undated_is_dated_by_the_publication_and_says_no_words_did() -> None:
    (inv,) = events_of("새봄벤처스는 누리랩에 30억원을 투자했다.", published="2025-03-27", type_="investment")
    assert inv.date is not None and inv.date.iso == "2025-03-27" and inv.date.text is None
    (undated,) = events_of("새봄벤처스는 누리랩에 30억원을 투자했다.", published=None, type_="investment")
    assert undated.date is None


def test_one_data_center_told_as_a_search_and_a_plan_is_one_project() -> None:
    text = (
        "오픈AI, 국내 데이터센터 임차 검토. "
        "오픈AI는 한국 내 데이터센터 개발 가능성도 모색하기로 했다. "
        "오픈AI도 임차 방식으로 데이터센터 활용에 나설 것으로 보인다."
    )
    (dc,) = events_of(text, type_="datacenter")
    assert names(dc) == {"오픈AI"}


def test_data_centers_of_different_years_stay_two_projects() -> None:
    text = "마이크로소프트도 2017년 상업용 데이터센터 2곳 임대 후 2020년 부산에서 자체 데이터센터를 구축했다."
    dates = sorted(e.date.iso for e in events_of(text, type_="datacenter") if e.date)
    assert dates == ["2017", "2020"]


def test_each_item_of_a_bulleted_list_shares_the_final_verb_and_keeps_its_values() -> None:
    text = (
        "전남에는 △순천 NHN 클라우드 데이터센터(투자 규모 3000억원) "
        "△광양 KT 클라우드 데이터센터(투자 규모 5200억원)가 들어설 예정이다."
    )
    found = {
        next(iter(names(e))): (e.amount.value if e.amount else None, e.location.name if e.location else None)
        for e in events_of(text, type_="datacenter")
    }
    assert found == {"NHN 클라우드": (Decimal("300000000000"), "순천"), "KT 클라우드": (Decimal("520000000000"), "광양")}


def test_industrial_sites_are_places_not_participants() -> None:
    text = "함양군은 휴천일반산업단지 내 200MW급 데이터센터 유치를 추진할 계획이다."
    (dc,) = events_of(text, type_="datacenter")
    assert names(dc) == {"함양군"}


def test_counted_companies_that_join_forces_are_one_partnership() -> None:
    text = "클루커스, 누리어시스템, 링네트, 투라인코드 등 4개사가 모여 엔터프라이즈 AI 시장을 공략한다."
    (partnership,) = events_of(text, type_="partnership")
    assert names(partnership) == {"클루커스", "누리어시스템", "링네트", "투라인코드"}


def test_an_office_named_after_its_relative_clause_is_dated_by_it() -> None:
    text = "오픈AI는 아시아 진출을 확대하고 있다. 아시아에서는 지난 4월에 설립한 일본 도쿄지사가 유일하다."
    offices = events_of(text, published="2024-11-27", type_="office_opening")
    assert any(o.date is not None and o.date.iso == "2024-04" and o.kind == "branch" for o in offices)


@pytest.mark.parametrize(
    ("text", "span", "parts"),
    [
        ("전라남도는 KB증권·카카오 등과 협약을 맺었다.", "KB증권·카카오", ["KB증권", "카카오"]),
        ("구글클라우드코리아 법인 설립한 것은 맞다", "구글클라우드코리아 법인 설립", ["구글클라우드코리아"]),
        ("LG CNS는 투자했다.", "LG CNS", ["LG CNS"]),
        ("지사 설립 시기는 미정이다.", "지사 설립 시기", []),
        ("밸리의 자회사인 새봄텍과 협약을 맺었다.", "자회사인 새봄텍", ["새봄텍"]),
    ],
)
def test_a_models_org_span_is_cut_where_a_name_cannot_go_on(text: str, span: str, parts: list[str]) -> None:
    from dealparse.mentions import _has_proper_word, _name_parts
    from dealparse.tokenizer import blank

    doc = blank()(text)
    start = text.index(span)
    doc.ents = [doc.char_span(start, start + len(span), label="ORG", alignment_mode="expand")]
    assert [p.text for p in _name_parts(doc.ents[0]) if _has_proper_word(p)] == parts


def test_a_name_recognized_once_is_an_organization_wherever_it_recurs() -> None:
    from dealparse.mentions import Mention, _repeated_names

    text = "LG CNS는 판교에서 차바이오텍과 협약을 체결했다. 차바이오텍을 중심으로 그룹이 움직인다. 차바이오텍스타일은 다르다."
    known = [Mention(text.index("차바이오텍을"), text.index("차바이오텍을") + 5, "차바이오텍", source="model")]
    repeats = [(m.start, m.text) for m in _repeated_names(text, known)]
    assert (text.index("차바이오텍과"), "차바이오텍") in repeats
    assert all(not text.startswith("차바이오텍스", start) for start, _ in repeats)


def test_investors_named_on_their_own_complete_the_round_before() -> None:
    text = "딥엑스는 5월 210억원 규모 시리즈B 투자 라운드를 마감했다. 캡스톤파트너스, 신한캐피탈 등이 투자자로 나섰다."
    (inv,) = events_of(text, type_="investment")
    assert inv.investee is not None and inv.investee.name == "딥엑스"
    assert {p.name for p in inv.investors} == {"캡스톤파트너스", "신한캐피탈"}


@pytest.mark.parametrize(
    ("text", "names_"),
    [
        ("미국 에너지 기업 그린 밸리 파워(Green Valley Power)가 충남에 진출한다.", ["그린 밸리 파워"]),
        ("샘 올트먼(Sam Altman) CEO는 방한했다.", []),
        ("캔자스 시티(Kansas City)에 데이터센터를 열었다.", []),
        ("파워의 자회사인 새봄텍(Saebom Tech)과 협약했다.", []),
    ],
)
def test_a_name_glossed_word_for_word_in_latin_script_is_one_organization(text: str, names_: list[str]) -> None:
    from dealparse.mentions import _glossed_orgs
    from dealparse.tokenizer import blank

    assert [m.text for m in _glossed_orgs(blank()(text), text, frozenset())] == names_


@pytest.mark.parametrize(
    ("text", "span", "found"),
    [
        ("새봄시는 바람자산운용과 협약을 맺었다.", "바람자산운용", True),
        ("정부는 예산을 늘렸다.", "정부", False),
        ("지사 설립 시기는 미정이다.", "지사", False),
        ("AI 기반 모빌리티와 스마트 팩토리 시대를 연다.", "모빌리티", False),
        ("새봄모빌리티와 협약을 맺었다.", "새봄모빌리티", True),
    ],
)
def test_a_models_name_is_kept_by_its_suffix_but_a_suffix_alone_is_no_name(
    text: str, span: str, found: bool
) -> None:
    from dealparse.mentions import find_organizations
    from dealparse.tokenizer import blank

    doc = blank()(text)
    start = text.index(span)
    doc.ents = [doc.char_span(start, start + len(span), label="ORG", alignment_mode="expand")]
    assert (span in [m.text for m in find_organizations(doc)]) is found


def test_a_place_the_model_takes_for_an_organization_is_no_participant() -> None:
    from dealparse.mentions import find_organizations
    from dealparse.tokenizer import blank

    text = "오픈AI는 독일 뮌헨에 사무실을 열었다."
    doc = blank()(text)
    start = text.index("뮌헨")
    doc.ents = [doc.char_span(start, start + 2, label="ORG")]
    assert "뮌헨" not in [m.text for m in find_organizations(doc)]


def test_a_models_place_loses_the_office_word_glued_to_it() -> None:
    from dealparse.mentions import find_places
    from dealparse.tokenizer import blank

    text = "아시아에서는 지난 4월에 설립한 일본 도쿄지사가 유일하다."
    doc = blank()(text)
    start = text.index("일본")
    doc.ents = [doc.char_span(start, text.index("지사") + 2, label="LOC")]
    assert "일본 도쿄" in [m.text for m in find_places(doc)]


@pytest.mark.parametrize(
    ("text", "ent", "names"),
    [
        # No particle stands before a list dot or a legal form: 이 there is part of the name.
        ("새봄시는 ㈜누리아이·㈜미르소프트·한빛랩스㈜와 협약을 맺었다.", "누리아", ["누리아이", "미르소프트", "한빛랩스"]),
        ("새봄시는 별빛아이·미르소프트와 협약을 맺었다.", "별빛아이", ["별빛아이", "미르소프트"]),
        # A word glued before a legal form is a company's name.
        ("새봄시는 한빛랩스·누리아이㈜와 협약을 맺었다.", "한빛랩스", ["한빛랩스", "누리아이"]),
        # Before a space it is the subject particle.
        ("새봄텍이 한빛랩스와 협약을 맺었다.", "새봄텍이", ["새봄텍"]),
    ],
)
def test_a_syllable_before_a_list_dot_or_legal_form_belongs_to_the_name(
    text: str, ent: str, names: list[str]
) -> None:
    from dealparse.mentions import find_organizations
    from dealparse.tokenizer import blank

    doc = blank()(text)
    start = text.index(ent)
    doc.ents = [doc.char_span(start, start + len(ent), label="ORG", alignment_mode="expand")]
    found = [m.text for m in find_organizations(doc)]
    assert all(name in found for name in names), found
    cut_or_glued = [o for o in found for n in names if o != n and (o.startswith(n) or n.startswith(o))]
    assert not cut_or_glued, found


def test_a_models_person_span_gives_way_to_the_organization_inside_it() -> None:
    from dealparse.pipeline.entities import EntityRules
    from dealparse.tokenizer import blank

    text = "김새봄 네이버클라우드 상무는 협약을 맺었다."  # a gazetteer organization inside the span
    doc = blank()(text)
    doc.ents = [doc.char_span(0, len("김새봄 네이버클라우드"), label="PER")]
    doc = EntityRules(detect_publication_date=False)(doc)
    assert [(e.text, e.label_) for e in doc.ents][:2] == [("김새봄", "PER"), ("네이버클라우드", "ORG")]
