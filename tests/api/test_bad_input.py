"""Bad input gets a 4xx in the contract's error shape, names the field, and stores nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safetynet.api.errors import MAX_DETAILS, ErrorBody
from safetynet.api.jsonbody import MAX_VALUES
from safetynet.runtime.build import Runtime
from tests.api.client import bearer, phitsanulok_case


@pytest.fixture
def nothing_stored(runtime: Runtime) -> Iterator[None]:
    before = runtime.require_store().count_plans()
    yield
    assert runtime.require_store().count_plans() == before


def post(client: TestClient, token: str, body: Any) -> Any:
    return client.post("/v1/plans", json=body, headers=bearer(token))


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert "Traceback" not in response.text
    ErrorBody.model_validate(body)  # the shape that OpenAPI declares
    error: dict[str, Any] = body["error"]
    return error


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("where", "field"),
    [
        (lambda c: c["child"].update(name="Somchai"), "child.name"),
        (lambda c: c.update(national_id="1234567890123"), "national_id"),
        (lambda c: c["child"]["location"].update(village="x"), "child.location.village"),
    ],
)
def test_unknown_fields_are_refused_by_name(client: TestClient, tokens: dict[str, str], where: Any, field: str) -> None:
    case = phitsanulok_case()
    where(case)
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert error["code"] == "invalid_request"
    assert [d["field"] for d in error["details"]] == [field]
    assert error["details"][0]["type"] == "extra_forbidden"


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("where", "message"),
    [
        (lambda c: c["household"].update(income=2500),
         "unknown field 'household.income'; did you mean 'household.income_monthly'?"),
        (lambda c: c["needs"][0].update(urgency=True),
         "unknown field 'needs.0.urgency'; did you mean 'needs.0.urgent'?"),
        (lambda c: c["child"].update(name="Somchai"),
         "unknown field 'child.name' (valid here: age, disability, education_status, location, sex)"),
    ],
)  # fmt: skip
def test_an_unknown_field_names_the_one_meant_as_a_case_file_does(
    client: TestClient, tokens: dict[str, str], where: Any, message: str
) -> None:
    """The API's words for an unknown field are a case file's (``datafiles.validation.unknown_field``): the field
    meant, or the fields valid there, each by its whole path, since nothing else in the answer says where it is."""
    case = phitsanulok_case()
    where(case)
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert [d["message"] for d in error["details"]] == [message]


@pytest.mark.usefixtures("nothing_stored")
def test_a_body_of_thousands_of_unknown_fields_gets_a_bounded_answer(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """Each unknown key listed made an answer ten times the size of the body."""
    case = phitsanulok_case() | {f"k{n}": 1 for n in range(4_000)}
    response = post(client, tokens["cm_plk"], case)
    error = error_of(response, 422)
    assert len(error["details"]) == MAX_DETAILS
    assert [d["field"] for d in error["details"][:2]] == ["k0", "k1"]
    assert error["message"].endswith("and 3,980 more problem(s), not listed")
    assert len(response.content) < 10_000


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    "body",
    [
        '{"needs": [' + ",".join(["{}"] * 300_000) + "]}",  # 1 MiB of objects: parsed one by one in the event loop
        "{" + ",".join(f'"k{n}": 1' for n in range(60_000)) + "}",
    ],
)
def test_a_body_of_more_values_than_a_case_could_hold_is_422_before_it_is_parsed(
    client: TestClient, tokens: dict[str, str], body: str
) -> None:
    headers = bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"}
    error = error_of(client.post("/v1/plans", content=body.encode(), headers=headers), 422)
    assert error["code"] == "invalid_request"
    assert [d["field"] for d in error["details"]] == ["body"]
    assert f"at most {MAX_VALUES:,} are read" in error["message"]


@pytest.mark.usefixtures("nothing_stored")
def test_an_unknown_need_code_lists_the_known_ones(
    client: TestClient, runtime: Runtime, tokens: dict[str, str]
) -> None:
    error = error_of(post(client, tokens["cm_plk"], phitsanulok_case(needs=[{"code": "housing_repiar"}])), 422)
    assert error["code"] == "unknown_need"
    assert error["details"][0]["field"] == "needs"
    assert error["details"][0]["known"] == sorted(runtime.engine.book.needs)
    assert "housing_repair" in error["message"]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("written", "meant"),
    [("ซ่อมแซมที่อยู่อาศัย", "housing_repair"), ("Housing repair", "housing_repair"), ("Scholarship ", "scholarship")],
)
def test_a_need_written_as_its_thai_or_english_label_lists_the_known_codes_and_names_the_one_meant(
    client: TestClient, runtime: Runtime, tokens: dict[str, str], written: str, meant: str
) -> None:
    error = error_of(post(client, tokens["cm_plk"], phitsanulok_case(needs=[{"code": written}])), 422)
    assert error["code"] == "unknown_need"
    (detail,) = error["details"]
    known = sorted(runtime.engine.book.needs)
    assert (detail["field"], detail["known"], detail["did_you_mean"]) == ("needs", known, meant)
    assert f"did you mean {meant!r}?" in error["message"]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize("age", [-1, 26, 1000, "12", 12.5, True])
def test_ages_outside_0_to_25_or_not_whole_numbers_are_refused(
    client: TestClient, tokens: dict[str, str], age: Any
) -> None:
    case = phitsanulok_case()
    case["child"]["age"] = age
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert [d["field"] for d in error["details"]] == ["child.age"]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.update(case_ref="x" * 65), "case_ref"),
        (lambda c: c.update(needs=[]), "needs"),
        (lambda c: c.update(needs=[{"code": "scholarship"}] * 21), "needs"),
        (lambda c: c.update(needs=[{"code": "scholarship"}, {"code": "scholarship"}]), "needs"),
        (lambda c: c["child"]["location"].update(province="p" * 81), "child.location.province"),
        (lambda c: c["child"]["location"].update(district="d" * 81), "child.location.district"),
        (lambda c: c["household"].update(income_monthly=-5), "household.income_monthly"),
        (lambda c: c["household"].update(housing_condition="ruined"), "household.housing_condition"),
        (lambda c: c.update(requested_by="PLK CM"), "requested_by"),
        (lambda c: c["child"].update(education_status="graduated"), "child.education_status"),
    ],
)
def test_bounded_strings_lists_and_numbers(client: TestClient, tokens: dict[str, str], change: Any, field: str) -> None:
    case = phitsanulok_case()
    change(case)
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert field in [d["field"].split(".", 2)[0] if field == "needs" else d["field"] for d in error["details"]]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize("province", ["TH-99", "TH-00", "TH-59", "TH-S"])
def test_an_unknown_province_is_422_saying_what_to_write(
    client: TestClient, tokens: dict[str, str], province: str
) -> None:
    case = phitsanulok_case()
    case["child"]["location"]["province"] = province
    error = error_of(post(client, tokens["admin"], case), 422)
    assert error["code"] == "unknown_place"
    (detail,) = error["details"]
    assert (detail["field"], detail["text"]) == ("child.location.province", province)
    assert "write the ISO 3166-2:TH code (TH-65), the DOPA code (65) or the Thai or English name" in detail["message"]


@pytest.mark.usefixtures("nothing_stored")
def test_a_misspelt_district_is_422_naming_the_field_and_the_right_one(
    client: TestClient, tokens: dict[str, str]
) -> None:
    case = phitsanulok_case()
    case["child"]["location"] = {"province": "ลำปาง", "district": "Ko Ka"}
    error = error_of(post(client, tokens["admin"], case), 422)
    assert error["code"] == "unknown_place"
    assert error["message"].startswith("child.location.district: no district 'Ko Ka' in Lampang (TH-52)")
    (detail,) = error["details"]
    assert detail["field"] == "child.location.district"
    assert detail["closest"][0] == {"code": "5203", "th": "เกาะคา", "en": "Ko Kha"}


@pytest.mark.usefixtures("nothing_stored")
def test_a_district_of_another_province_is_422_with_the_closest_districts_of_the_province_given(
    client: TestClient, tokens: dict[str, str]
) -> None:
    case = phitsanulok_case()
    case["child"]["location"] = {"province": "พิษณุโลก", "district": "เกาะคา"}
    error = error_of(post(client, tokens["admin"], case), 422)
    (detail,) = error["details"]
    assert (detail["field"], detail["text"]) == ("child.location.district", "เกาะคา")
    assert detail["closest"]
    assert all(place["code"].startswith("65") for place in detail["closest"])


@pytest.mark.usefixtures("nothing_stored")
def test_a_district_of_another_province_and_an_ambiguous_subdistrict_are_422(
    client: TestClient, tokens: dict[str, str]
) -> None:
    case = phitsanulok_case()
    case["child"]["location"] = {"province": "TH-65", "district": "เกาะคา"}
    error = error_of(post(client, tokens["admin"], case), 422)
    assert error["details"][0]["field"] == "child.location.district"
    assert "'เกาะคา' is a district of Lampang (TH-52), not of Phitsanulok (TH-65)" in error["message"]
    case["child"]["location"] = {"province": "นครราชสีมา", "subdistrict": "Nai Mueang"}  # in two districts
    error = error_of(post(client, tokens["admin"], case), 422)
    assert error["code"] == "ambiguous_place"
    assert error["details"][0]["field"] == "child.location.subdistrict"
    assert len(error["details"][0]["closest"]) == 2
    assert all("district" in place for place in error["details"][0]["closest"])


@pytest.mark.usefixtures("nothing_stored")
def test_an_unknown_requested_by_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    error = error_of(post(client, tokens["admin"], phitsanulok_case(requested_by="nowhere-unit")), 422)
    assert error["code"] == "unknown_organization"
    assert error["details"][0]["field"] == "requested_by"


@pytest.mark.usefixtures("nothing_stored")
def test_a_province_without_a_cm_unit_needs_requested_by(client: TestClient, tokens: dict[str, str]) -> None:
    case = phitsanulok_case()
    case["child"]["location"] = {"province": "TH-11"}
    error = error_of(post(client, tokens["admin"], case), 422)
    assert error["code"] == "no_starting_point"


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T23:00:00+07:00",  # once a 500: OverflowError in the planner
        "0001-01-01T00:00:00+14:00",  # the same
        "1900-01-01T00:00:00+07:00",
        "1999-12-31T23:59:59+07:00",
        "2101-01-01T00:00:00+07:00",
        "2100-12-31T20:00:00-05:00",  # 2101 in Thailand
        "2026-11-22T09:00:00+15:00",  # no place on earth is 15 hours ahead of UTC
        "2026-11-22T09:00:00-13:00",
    ],
)
def test_requested_at_outside_2000_to_2100_is_422_saying_what_to_send(
    client: TestClient, tokens: dict[str, str], moment: str
) -> None:
    error = error_of(post(client, tokens["cm_plk"], phitsanulok_case(requested_at=moment)), 422)
    assert error["code"] == "invalid_request"
    assert [d["field"] for d in error["details"]] == ["requested_at"]
    message = error["details"][0]["message"]
    assert message.startswith(f"{moment} is out of range: give a date and time in the years 2000-2100")
    assert "2026-11-22T09:00:00+07:00" in message
    assert "Value error" not in message


@pytest.mark.usefixtures("nothing_stored")
def test_a_buddhist_era_requested_at_is_422_saying_which_year_to_write(
    client: TestClient, tokens: dict[str, str]
) -> None:
    error = error_of(post(client, tokens["cm_plk"], phitsanulok_case(requested_at="2569-11-22T09:00:00+07:00")), 422)
    assert "2569 looks like a Buddhist-era year (พ.ศ.): write 2026-11-22" in error["details"][0]["message"]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("moment", "send"),
    [
        ("2026-12-06 09.30 น.", "(send 2026-12-06T09:30:00+07:00 for Thailand time)"),
        ("2569-12-06 09.30 น.", "(send 2026-12-06T09:30:00+07:00 for Thailand time, พ.ศ. 2569 = ค.ศ. 2026)"),
        ("2026-12-06 09.30", "(send 2026-12-06T09:30:00+07:00 for Thailand time)"),
    ],
)
def test_a_requested_at_written_year_first_with_a_thai_time_is_422_saying_what_to_send(
    client: TestClient, tokens: dict[str, str], moment: str, send: str
) -> None:
    """Year first with ``09.30 น.`` was read by neither of the Thai-moment patterns: no value to send, and a
    Buddhist-era year not pointed out."""
    error = error_of(post(client, tokens["cm_plk"], phitsanulok_case(requested_at=moment)), 422)
    assert [d["field"] for d in error["details"]] == ["requested_at"]
    message = error["details"][0]["message"]
    assert message.startswith(f"{moment!r} is not a date and time with its UTC offset {send}: give"), message


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    "moment",
    [
        1700000000,  # seconds since 1970: was stored as 2023-11-14
        "1700000000",
        "2026-11-22",  # a day without a time: was stored as midnight
        "2026-11-22T09:00:00",  # no offset: whose nine o'clock?
        "1900-01-01T00:00:00",  # was accepted in Bangkok's 1900 local mean time (+06:42)
        "2026-11-22T09:00:00." + "1" * 5000 + "+07:00",  # was read, and cut to 6 digits
        "2026-11-22T09:00:00.1234567+07:00",
        "2026-11-22 09:00:00+07:00",
        "2026-11-22T09:00+07:00",
        "2026-11-22T09:00:00+0700",
        True,
        [2026, 11, 22],
    ],
)
def test_requested_at_must_be_rfc3339_with_its_offset(
    client: TestClient, tokens: dict[str, str], moment: object
) -> None:
    error = error_of(post(client, tokens["cm_plk"], phitsanulok_case(requested_at=moment)), 422)
    assert [d["field"] for d in error["details"]] == ["requested_at"]
    message = error["details"][0]["message"]
    assert "is not a date and time with its UTC offset" in message
    assert "2026-11-22T09:00:00+07:00" in message
    assert len(message) < 400


@pytest.mark.parametrize(
    "moment",
    [
        "2000-01-01T00:00:00+07:00",
        "1999-12-31T20:00:00Z",  # 2000 in Thailand
        "2100-12-31T23:59:59+07:00",
        "2026-11-22T09:00:00-12:00",
        "2026-11-22T09:00:00+14:00",
        "2026-11-22t09:00:00.123456z",
    ],
)
def test_requested_at_at_the_bounds_is_planned(client: TestClient, tokens: dict[str, str], moment: str) -> None:
    response = post(client, tokens["cm_plk"], phitsanulok_case(requested_at=moment))
    assert response.status_code == 201, response.text


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ('{"case_ref": "x",', 1, 18),
        ("not json", 1, 1),
        ('{"a": 1}}', 1, 9),
        ('{\n  "case_ref": "PLK-1",\n  "child": {"age": 12,}\n}', 3, 23),
    ],
)
def test_malformed_json_is_400_with_line_and_column(
    client: TestClient, tokens: dict[str, str], text: str, line: int, col: int
) -> None:
    response = client.post(
        "/v1/plans", content=text, headers=bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"}
    )
    error = error_of(response, 400)
    assert error["code"] == "malformed_json"
    assert f"line {line}, column {col}: " in error["message"]
    assert error["details"][0] | {"message": ""} == {"field": "body", "line": line, "col": col, "message": ""}


def thai_case_in_tis620() -> bytes:
    """A case with a Thai district name, saved in TIS-620 (cp874): what an old Thai Windows program writes."""
    case = phitsanulok_case()
    case["child"]["location"]["district"] = "เมืองพิษณุโลก"
    return json.dumps(case, ensure_ascii=False, indent=2).encode("cp874")


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("body", "where"),
    [
        (thai_case_in_tis620(), (10, 20, "0xe0")),  # the first Thai letter of the district
        (b'{"case_ref": "PLK-\xff"}', (1, 19, "0xff")),
        (b"\xff", (1, 1, "0xff")),
    ],
)
def test_a_body_that_is_not_utf8_is_400_saying_to_send_utf8_json(
    client: TestClient, tokens: dict[str, str], body: bytes, where: tuple[int, int, str]
) -> None:
    line, col, byte = where
    response = client.post(
        "/v1/plans", content=body, headers=bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"}
    )
    error = error_of(response, 400)
    assert error["code"] == "malformed_json"
    reason = f"byte {byte} is not UTF-8"
    assert error["message"].startswith(f"the body is not UTF-8 text: line {line}, column {col}: {reason}; ")
    assert "send the case as JSON encoded in UTF-8" in error["message"]
    assert error["details"] == [{"field": "body", "line": line, "col": col, "message": reason}]


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("content_type", "got"),
    [
        ("application/x-www-form-urlencoded", "got 'application/x-www-form-urlencoded'"),  # what `curl -d` sends
        ("text/plain", "got 'text/plain'"),
        (None, "no Content-Type was sent"),
    ],
)
def test_a_case_sent_without_a_json_content_type_is_415_saying_which_header(
    client: TestClient, tokens: dict[str, str], content_type: str | None, got: str
) -> None:
    headers = bearer(tokens["cm_plk"]) | ({"Content-Type": content_type} if content_type else {})
    response = client.post("/v1/plans", content=json.dumps(phitsanulok_case()), headers=headers)
    error = error_of(response, 415)
    assert error["code"] == "unsupported_media_type"
    assert "'Content-Type: application/json'" in error["message"]
    assert got in error["message"]


@pytest.mark.usefixtures("nothing_stored")
def test_the_token_is_checked_before_the_content_type(client: TestClient) -> None:
    response = client.post("/v1/plans", content=json.dumps(phitsanulok_case()), headers={"Content-Type": "text/plain"})
    assert error_of(response, 401)["code"] == "unauthorized"


@pytest.mark.usefixtures("nothing_stored")
def test_an_empty_json_body_is_422_saying_to_send_the_case(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post("/v1/plans", headers=bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"})
    error = error_of(response, 422)
    assert error["details"][0]["field"] == "body"
    assert "send the case as JSON" in error["details"][0]["message"]


@pytest.mark.usefixtures("nothing_stored")
def test_a_body_that_is_not_an_object_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    assert error_of(post(client, tokens["cm_plk"], [1, 2, 3]), 422)["code"] == "invalid_request"


def two_mebibytes() -> bytes:
    case = phitsanulok_case()
    case["household"]["padding"] = "x" * (2 << 20)
    return json.dumps(case).encode()


@pytest.mark.usefixtures("nothing_stored")
def test_a_2_mib_body_is_refused_with_413_before_parsing(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post(
        "/v1/plans", content=two_mebibytes(), headers=bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"}
    )
    assert error_of(response, 413)["code"] == "payload_too_large"


@pytest.mark.usefixtures("nothing_stored")
def test_a_chunked_2_mib_body_without_length_is_refused_with_413(client: TestClient, tokens: dict[str, str]) -> None:
    body = two_mebibytes()
    chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
    response = client.post(
        "/v1/plans", content=chunks, headers=bearer(tokens["cm_plk"]) | {"Content-Type": "application/json"}
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert error_of(response, 413)["code"] == "payload_too_large"


def test_an_unknown_route_is_404_in_the_error_shape(client: TestClient, tokens: dict[str, str]) -> None:
    assert error_of(client.get("/v2/nothing", headers=bearer(tokens["admin"])), 404)["code"] == "not_found"


def test_logs_carry_no_case_data(client: TestClient, tokens: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    assert post(client, tokens["cm_plk"], phitsanulok_case(case_ref="SECRET-REF-777")).status_code == 201
    case = phitsanulok_case(case_ref="SECRET-REF-779")
    case["child"]["location"]["subdistrict"] = "Wang Thong Secret"  # refused: the answer names it, the log never
    assert post(client, tokens["cm_plk"], case).status_code == 422
    post(client, tokens["cm_plk"], phitsanulok_case(case_ref="SECRET-REF-778", needs=[{"code": "nope"}]))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "SECRET-REF" not in logged
    assert "Wang Thong Secret" not in logged


@pytest.mark.usefixtures("nothing_stored")
def test_values_written_as_a_thai_cm_writes_them_say_the_json_value_to_send(
    client: TestClient, tokens: dict[str, str]
) -> None:
    case = phitsanulok_case()
    case["child"].update(age="๑๒", sex="หญิง")
    case["child"]["disability"]["has_disability"] = "ใช่"
    case["child"]["disability"]["registered"] = "ไม่ค่ะ"  # with a polite particle, as a survey row reads it
    case["household"]["income_monthly"] = "2,500 บาท"
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    messages = {d["field"]: d["message"] for d in error["details"]}
    assert messages["child.age"].endswith("'๑๒' reads as 12; send 12")
    assert messages["child.sex"].endswith("'หญิง' reads as 'female'; send 'female'")
    assert messages["child.disability.has_disability"].endswith("'ใช่' reads as true; send true")
    assert messages["child.disability.registered"].endswith("'ไม่ค่ะ' reads as false; send false")
    assert messages["household.income_monthly"].endswith("'2,500 บาท' reads as 2500; send 2500")


@pytest.mark.usefixtures("nothing_stored")
def test_a_value_no_survey_would_read_gets_no_guess(client: TestClient, tokens: dict[str, str]) -> None:
    case = phitsanulok_case()
    case["child"].update(age="twelve", sex="ผู้หญิงมาก")
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert all("reads as" not in d["message"] for d in error["details"])


@pytest.mark.usefixtures("nothing_stored")
def test_a_number_written_with_another_fields_unit_gets_no_reading(client: TestClient, tokens: dict[str, str]) -> None:
    """'12 บาท' is no age and '12 ปี' no income: the hint reads a number with its own field's unit only, as a survey
    row does."""
    case = phitsanulok_case()
    case["child"]["age"] = "12 บาท"
    case["household"]["income_monthly"] = "12 ปี"
    error = error_of(post(client, tokens["cm_plk"], case), 422)
    assert {d["field"] for d in error["details"]} == {"child.age", "household.income_monthly"}
    assert all("reads as" not in d["message"] for d in error["details"])
