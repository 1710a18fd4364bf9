Feature: A policy writer sees what a draft does to children before it goes live
  A rule or an MOU changed in a draft is tried on children's cases first: who would lose a service, which
  rules would stop firing, which referrals would take longer (docs/whatif.md; `safetynet whatif`).

  Background:
    Given these children:
      | case_ref | age | province    | district           | subdistrict | housing_condition | need           |
      | H-5      | 5   | Phitsanulok | Mueang Phitsanulok | Nai Mueang  | dilapidated       | housing_repair |
      | H-12     | 12  | Phitsanulok | Mueang Phitsanulok | Nai Mueang  | dilapidated       | housing_repair |
      | H-15     | 15  | Phitsanulok | Mueang Phitsanulok | Nai Mueang  | dilapidated       | housing_repair |
      | H-17     | 17  | Phitsanulok | Mueang Phitsanulok | Nai Mueang  | dilapidated       | housing_repair |
      | P-15     | 15  | Phitsanulok | Mueang Phitsanulok | Nai Mueang  | poor              | housing_repair |

  Scenario: Housing repair for children under 12 only: three children fall to the baseline, no longer urgent
    The baseline rule (housing.baseline) still refers every home repair a CM assessed, within 7 days.
    Given in rule housing.dilapidated_home, the draft changes "child.age < 18" to "child.age < 12"
    When the policy writer tries the draft on these children
    Then no child loses a service
    And the housing_repair of H-12, H-15 and H-17 would no longer be urgent
    And rule housing.dilapidated_home stops firing for 3 children

  Scenario: Housing repair for children under 12 only and no baseline would leave three children without it
    Given in rule housing.dilapidated_home, the draft changes "child.age < 18" to "child.age < 12"
    And the draft has no rule housing.baseline
    When the policy writer tries the draft on these children
    Then the children who lose housing_repair are H-12, H-15 and H-17

  Scenario: Raising the age limit takes no service away
    Given in rule housing.dilapidated_home, the draft changes "child.age < 18" to "child.age < 21"
    When the policy writer tries the draft on these children
    Then no child loses a service

  Scenario: Without the CM unit's MOU with the city municipality, home repairs go to the social development office
    Only the local government improves a home in poor condition (housing.poor_home); the baseline
    (housing.baseline) then proposes the social development office, as housing.dilapidated_home does: two hours
    later.
    Given the draft network has no MOU plk-cm-city-municipality
    When the policy writer tries the draft on these children
    Then no child loses a service
    And the referral of P-15 for housing_repair would take 6 hours instead of 4
    And the referral of H-5 for housing_repair would take 6 hours instead of 4
