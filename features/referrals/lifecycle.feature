Feature: Referrals after the plan: decline and re-route, relay through the core team
  A plan is a suggestion; a referral is a plan item sent to one partner and followed until the child is helped.
  When a partner cannot take the child (no capacity, not eligible, out of area), the CM sends the item to the
  next candidate of the plan and the new referral keeps the link to the declined one. When the referral path
  goes through the provincial core team, the core team passes it on to the next organization (seeds 000, 003).

  Scenario: The municipality has no capacity, so the housing repair goes to the next candidate
    Given the date is 2026-11-26
    And a 12-year-old girl in Phitsanulok
    And who lives in district Mueang Phitsanulok, subdistrict Nai Mueang
    And whose home is dilapidated
    And the child needs housing_repair urgently
    When the CM asks for a plan
    And the CM sends the referral for housing_repair
    And 2 hours later
    And plk-city-municipality declines the referral for housing_repair for lack of capacity
    And the CM sends the referral for housing_repair
    Then the referral for housing_repair now goes to plk-sdhso-office in place of the one plk-city-municipality declined
    And the referral for housing_repair is held by plk-sdhso-office
    And the referral for housing_repair is sent

  Scenario: A boy out of school is referred to the monastic school through the core team
    Given the date is 2026-11-27
    And a 15-year-old boy in Phitsanulok
    And who has dropped out of school
    And who lives with parents
    And the child needs return_to_school
    When the CM asks for a plan
    And the CM sends the referral for return_to_school
    Then the referral for return_to_school is held by plk-core-team
    When 4 hours later
    And plk-core-team forwards the referral for return_to_school
    Then the referral for return_to_school is held by plk-monastic-schools
    When plk-monastic-schools acknowledges the referral for return_to_school
    And plk-monastic-schools accepts the referral for return_to_school
    Then the referral for return_to_school is accepted
    And the referral for return_to_school was acknowledged within 24 hours
