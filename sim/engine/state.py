"""Person state of one world, held in arrays that the Mesa ``Jobseeker`` agents read.

Keeping state in columns lets a month's transitions be computed for everyone at once; the agents
stay real Mesa objects (``model.agents_by_type[Jobseeker]``) that show their own row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class Status(IntEnum):
    """What a person is doing this month."""

    JOBLESS = 0
    EBE = 1
    SCHEME_JOB = 2  # a subsidised contract of an existing instrument (article 60, hiring aid, social economy)
    TRAINING = 3
    ORDINARY = 4
    OUT = 5


class Regime(IntEnum):
    """Benefit regime while jobless (codes match the population's entry regime)."""

    NONE = 0
    INSURANCE = 1
    RIS = 2
    SOLIDARITY = 3  # France: ASS after unemployment insurance; reached only when insurance ends


NO_MONTH = np.int16(-1)


@dataclass
class PersonState:
    """Mutable columns, one row per person (rows beyond the people present are unused).

    Attributes:
        status: :class:`Status` code.
        regime: :class:`Regime` code, kept through jobs so a person returns to it.
        duration: Months jobless in the current spell.
        rights_left: Months of unemployment insurance left (may go negative before the time limit).
        entitlement: Months of insurance granted at the start of the current insured spell.
        months_worked: Months in the current job (gives insurance rights back on return).
        excluded_by_reform: Lost insurance to the time limit (higher RIS reimbursement).
        ris_application: Absolute month of the RIS application after an exclusion.
        volunteer_month: Month the person joined the waiting list, -1 when not waiting.
        first_volunteer_month: First month the person ever volunteered, -1 if never.
        first_hire_month: First month in a scheme job or placement, -1 if never.
        program: Operator index of the current contract, training or coaching, -1 if none.
        contract_end: Month the current contract or spell ends, -1 if none.
        job_end: Month the current ordinary job ends, -1 if none within the horizon.
        fte: Working time of the current scheme job.
        employability_boost: Added to employability by training and work experience.
        isp_months: Months of the RIS socio-professional exemption used (income from work).
    """

    status: np.ndarray
    regime: np.ndarray
    duration: np.ndarray
    rights_left: np.ndarray
    entitlement: np.ndarray
    months_worked: np.ndarray
    excluded_by_reform: np.ndarray
    ris_application: np.ndarray
    volunteer_month: np.ndarray
    first_volunteer_month: np.ndarray
    first_hire_month: np.ndarray
    program: np.ndarray
    contract_end: np.ndarray
    job_end: np.ndarray
    fte: np.ndarray
    employability_boost: np.ndarray
    isp_months: np.ndarray

    @classmethod
    def empty(cls, size: int) -> PersonState:
        """Columns for ``size`` people, everyone jobless with no history."""
        return cls(
            status=np.zeros(size, dtype=np.int8),
            regime=np.zeros(size, dtype=np.int8),
            duration=np.zeros(size, dtype=np.int16),
            rights_left=np.zeros(size, dtype=np.int16),
            entitlement=np.zeros(size, dtype=np.int16),
            months_worked=np.zeros(size, dtype=np.int16),
            excluded_by_reform=np.zeros(size, dtype=bool),
            ris_application=np.full(size, -1, dtype=np.int32),
            volunteer_month=np.full(size, NO_MONTH, dtype=np.int16),
            first_volunteer_month=np.full(size, NO_MONTH, dtype=np.int16),
            first_hire_month=np.full(size, NO_MONTH, dtype=np.int16),
            program=np.full(size, -1, dtype=np.int8),
            contract_end=np.full(size, NO_MONTH, dtype=np.int16),
            job_end=np.full(size, NO_MONTH, dtype=np.int16),
            fte=np.zeros(size, dtype=np.float32),
            employability_boost=np.zeros(size, dtype=np.float32),
            isp_months=np.zeros(size, dtype=np.int16),
        )

    def columns(self) -> dict[str, np.ndarray]:
        """Every column by name (for tests and exports)."""
        return dict(vars(self))
