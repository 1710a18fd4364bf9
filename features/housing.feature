Feature: Housing repair (rules/housing.yaml)
  A case manager who finds a child in a dilapidated home refers the repair to the responsible agency
  within 24 hours (Phitsanulok One Stop Service, seed 000). A home in poor condition is improved,
  without the 24-hour deadline.

  Background:
    Given a 12-year-old girl in Phitsanulok
    And who lives in district Mueang Phitsanulok, subdistrict Nai Mueang
    And who is at risk of dropping out

  Scenario: A dilapidated home is repaired by the local government within 24 hours
    Given whose home is dilapidated
    And the child needs housing_repair
    When the CM of plk-cm-unit asks for a plan
    Then the plan explains housing_repair with rule housing.dilapidated_home
    And the plan marks housing_repair as urgent
    And the referral for housing_repair is due within 24 hours
    And the candidates for housing_repair are:
      | organization          | area        | hours | path                                |
      | plk-city-municipality | subdistrict | 4     | plk-cm-unit → plk-city-municipality |
      | plk-sdhso-office      | province    | 6     | plk-cm-unit → plk-sdhso-office      |
    And the referral for housing_repair meets its deadline
    And the timeline for housing_repair has a short-term step within 1 day
    And the timeline for housing_repair has a long-term step within 90 days
    And the CM can read the stored plan back

  Scenario: A home in poor condition is improved, without the 24-hour deadline
    Given whose home is in poor condition
    And the child needs housing_repair
    When the CM asks for a plan
    Then the plan follows rule housing.poor_home for housing_repair
    And the plan marks housing_repair as not urgent
    And the referral for housing_repair is due within 7 days
    And the first candidate for housing_repair is Phitsanulok City Municipality
    And the plan does not suggest plk-sdhso-office for housing_repair
    And the timeline for housing_repair is:
      | term  | days |
      | short | 7    |
      | long  | 180  |

  Scenario: A repair the CM asks for where no narrower rule applies goes by the baseline rule
    Given whose home is in good condition
    And the child needs housing_repair
    When the CM asks for a plan
    Then the plan follows rule housing.baseline for housing_repair
    And the explanation for housing_repair says Baseline: refer the home repair of any child a CM assessed
    And the first candidate for housing_repair is plk-city-municipality

  Scenario Outline: The housing rules are for children under 18
    Given the child:
      | age | <age> |
    And whose home is dilapidated
    And the child needs housing_repair
    When the CM asks for a plan
    Then <outcome>

    Examples:
      | age | outcome                                                                |
      | 0   | the plan explains housing_repair with rule housing.dilapidated_home   |
      | 17  | the plan explains housing_repair with rule housing.dilapidated_home   |
      | 18  | the plan follows rule housing.baseline for housing_repair              |
