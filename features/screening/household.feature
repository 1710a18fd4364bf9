Feature: Household signs in the screening survey (rules/screening/household.yaml)
  Phitsanulok's One Stop Service acts on dilapidated homes and unregistered disability (seed 000);
  Lampang's children and family shelter protects children whose parents cannot raise them (seed 003).
  A row that no rule matches is normal.

  Scenario: Household signs put a child at risk and suggest what to ask for
    Given these survey rows:
      | case_ref | age | province    | enrolled | housing_condition | has_disability | disability_registered | guardian     |
      | PLK-S01  | 12  | Phitsanulok | yes      | dilapidated       | no             |                       | parents      |
      | PLK-S02  | 9   | Phitsanulok | yes      | good              | yes            | no                    | parents      |
      | LPG-S03  | 10  | Lampang     | yes      | good              | no             |                       | none         |
      | LPG-S04  | 11  | Lampang     | yes      | good              | no             |                       | grandparents |
    When the rows are screened
    Then row PLK-S01 is at_risk and the suggested needs include housing_repair
    And the screening explains row PLK-S01 with rule screening.household.dilapidated_home
    And row PLK-S02 is at_risk and the suggested needs include disability_allowance_registration
    And the screening explains row PLK-S02 with rule screening.household.unregistered_disability
    And row LPG-S03 is at_risk and the suggested needs include child_protection
    And the screening explains row LPG-S03 with rule screening.household.no_guardian
    And row LPG-S04 is normal
    And row LPG-S04 has no suggested needs

  Scenario: A malformed row is skipped with its line number, and the others are screened
    Given these survey rows:
      | case_ref | age | housing_condition |
      | PLK-S05  | 8   | dilapidated       |
      | PLK-S06  | 40  | good              |
      | PLK-S07  | 7   | poor              |
    When the rows are screened
    Then the row on line 3 is skipped because age
    And row PLK-S05 is at_risk and the suggested needs include housing_repair
    And row PLK-S07 is normal

  Scenario: From a screened row to a plan within 24 hours
    Given these survey rows:
      | case_ref | age | sex    | province    | district           | subdistrict | enrolled | housing_condition |
      | PLK-S08  | 11  | female | Phitsanulok | Mueang Phitsanulok | Nai Mueang  | yes      | dilapidated       |
    When the rows are screened
    And the CM asks for a plan for row PLK-S08
    Then the plan suggests plk-city-municipality for housing_repair
    And the referral for housing_repair is due within 24 hours
