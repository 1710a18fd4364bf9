Feature: A provincial coordinator asks which MOU to sign next
  Nakhon Ratchasima's CM volunteers reach the provincial administrative organization (อบจ.), which repairs
  homes, only through the multidisciplinary team: 36 hours, past the 24 hours of an urgent repair. The MOU
  that would bring it within the deadline for most children comes first (docs/whatif.md;
  `safetynet coverage --province TH-30 --suggest-mous`).

  Scenario: An MOU between the CM unit and the provincial administrative organization helps three children
    Given these children:
      | case_ref | age | province          | district                 | housing_condition | income_monthly | need              |
      | NMA-1    | 8   | Nakhon Ratchasima | Mueang Nakhon Ratchasima | dilapidated       |                | housing_repair    |
      | NMA-2    | 11  | Nakhon Ratchasima | Mueang Nakhon Ratchasima | dilapidated       |                | housing_repair    |
      | NMA-3    | 14  | Nakhon Ratchasima | Mueang Nakhon Ratchasima | dilapidated       |                | housing_repair    |
      | NMA-4    | 10  | Nakhon Ratchasima | Mueang Nakhon Ratchasima |                   | 1500           | learning_supplies |
    When the coordinator of Nakhon Ratchasima asks which MOU to sign next
    Then the first suggestion is an MOU between nma-cm-unit and nma-pao for housing_repair
    And it gives NMA-1, NMA-2 and NMA-3 a partner within the deadline
