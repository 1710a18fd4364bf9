Feature: Scholarships (rules/scholarship.yaml)
  Khon Kaen's "10 baht fund" (กองทุน 10 บาทสร้างโอกาสให้น้อง) helps students lacking means (seed 004);
  companies and foundations give scholarships in the 4-3-3-1 model (seed 004) and through Million Gift
  Million Smiles (seed 000). A scholarship is for a child who is still in school.

  Scenario: A Khon Kaen pupil at risk gets a grant from the 10-baht fund through the education office
    Given a 13-year-old girl in Khon Kaen
    And who is at risk of dropping out
    And whose household earns 2,500 baht a month
    And the child needs scholarship
    When the CM asks for a plan
    Then the plan follows rule scholarship.khon_kaen_ten_baht_fund for scholarship
    And the plan explains scholarship with rule scholarship.private_sponsor
    And the first candidate for scholarship is kkn-education-office
    And the path for scholarship is kkn-cm-unit → kkn-core-team → kkn-education-office
    And the plan does not suggest th-eef for scholarship

  Scenario: A Lampang pupil is nominated to a national foundation through Lampang One Team
    Given a 15-year-old boy in Lampang
    And who is in school
    And the child needs scholarship
    When the CM asks for a plan
    Then the plan follows rule scholarship.private_sponsor for scholarship
    And the first candidate for scholarship is มูลนิธิ KFC ประเทศไทย
    And the path for scholarship goes through lpg-core-team
    And the referral for scholarship is due within 14 days

  Scenario: An urgent scholarship in Lampang cannot reach the foundation within 24 hours
    Given a 15-year-old boy in Lampang
    And who is in school
    And the child needs scholarship urgently
    When the CM asks for a plan
    Then the referral for scholarship is due within 24 hours
    And the referral for scholarship misses its deadline

  Scenario: In Phitsanulok no sponsor is reachable along MOUs in force, so the baseline goes through the education office
    Given a 12-year-old girl in Phitsanulok
    And who is at risk of dropping out
    And the child needs scholarship
    When the CM of plk-cm-unit asks for a plan
    Then the plan follows rule scholarship.private_sponsor for scholarship
    And the explanation for scholarship says scholarship.private_sponsor: no_path); the plan uses scholarship from scholarship.baseline instead
    And the first candidate for scholarship is plk-education-office
    And the plan meets every need

  Scenario: A child who has dropped out gets no sponsor's scholarship, but the baseline still nominates
    Given a 14-year-old boy in Khon Kaen
    And who has dropped out of school
    And the child needs scholarship
    When the CM asks for a plan
    Then the plan follows rule scholarship.baseline for scholarship
    And the plan does not use rule scholarship.private_sponsor for scholarship
    And the first candidate for scholarship is kkn-education-office

  Scenario: EEF's income test is per member of the household: 3,000 baht a month each at most
    Given a 12-year-old girl in Phitsanulok
    And who is in school
    And the household:
      | income_monthly | 9,000 |
      | members        | 3     |
    And the child needs scholarship
    When the CM asks for a plan
    Then the plan follows rule scholarship.equitable_education_fund for scholarship
    And the first candidate for scholarship is th-eef

  Scenario: A household earning more than 3,000 baht a month per member is not EEF's
    Given a 12-year-old girl in Phitsanulok
    And who is in school
    And the household:
      | income_monthly | 9,500 |
      | members        | 3     |
    And the child needs scholarship
    When the CM asks for a plan
    Then the plan does not use rule scholarship.equitable_education_fund for scholarship
