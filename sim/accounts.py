"""Names of ledger accounts, their kinds, and the posting categories.

Every euro the simulator moves is a posting from a debtor account to a creditor account under
one of the categories below. Reports group accounts by kind and postings by category, so the
names here are part of the results contract (``ledger.parquet``).
"""

from __future__ import annotations

# Account kinds (column ``debtor_kind`` / ``creditor_kind`` of ledger.parquet).
PAYER = "payer"
EBE = "ebe"
OPERATOR = "operator"
HOUSEHOLD = "household"
FIRM = "firm"
OTHER = "other"

# Accounts that are not payers, EBEs or operators.
HOUSEHOLDS = "households"  # the simulated people, all together
LOCAL_BUSINESSES = "local_businesses"  # the territory's firms
LOCAL_CUSTOMERS = "local_customers"  # residents and firms buying EBE or social-economy output
REST_OF_ECONOMY = "rest_of_economy"  # suppliers, supervisors, landlords outside the model

# Posting categories.
UNEMPLOYMENT_BENEFIT = "unemployment_benefit"
RIS = "ris"
RIS_REIMBURSEMENT = "ris_reimbursement"
RIS_FILE_FEE = "ris_file_fee"
WAGE_NET = "wage_net"
EMPLOYER_CONTRIBUTION = "employer_contribution"
EMPLOYEE_CONTRIBUTION = "employee_contribution"
INCOME_TAX = "income_tax"
PER_FTE_CONTRIBUTION = "per_fte_contribution"
STARTUP_GRANT = "startup_grant"
DEFICIT_TOP_UP = "deficit_top_up"  # the fund restores an EBE's cash to its hiring threshold
LOCAL_COFUNDING = "local_cofunding"
FUND_FINANCING = "fund_financing"
SUBSIDY = "subsidy"
HIRING_AID = "hiring_aid"
TRAINING_COST = "training_cost"
COACHING_COST = "coaching_cost"
SALES = "sales"
EMPLOYER_SHARE = "employer_share"  # what a firm pays of a subsidised worker it hires
DISPLACED_SALES = "displaced_sales"
LOCAL_SPENDING = "local_spending"
SUPERVISION = "supervision"
RUNNING_COSTS = "running_costs"
STARTUP_INVESTMENT = "startup_investment"
IN_WORK_BENEFIT = "in_work_benefit"  # France: prime d'activité paid to low-wage workers
PUBLIC_PURCHASES = "public_purchases"  # EBE output bought by public bodies (communes, CPAS, social housing)
SURPLUS_CLAWBACK = "surplus_clawback"  # the fund takes back an EBE's cash above its reserve
REDUCTION_COMPENSATION = "reduction_compensation"  # the State compensates social security for contribution reductions
SOLIDARITY_ALLOWANCE = "solidarity_allowance"  # France: ASS, after unemployment insurance

# Public money paid *to the scheme* (the numerator of public_spending_per_fte_year): transfers
# from a payer to an EBE or an operator, and wages a public employer (the CPAS under article 60)
# pays its scheme workers directly. Public bodies' purchases of EBE output are public money too.
SCHEME_FUNDING_CATEGORIES = frozenset(
    {
        PER_FTE_CONTRIBUTION,
        STARTUP_GRANT,
        DEFICIT_TOP_UP,
        LOCAL_COFUNDING,
        PUBLIC_PURCHASES,
        SUBSIDY,
        HIRING_AID,
        TRAINING_COST,
        COACHING_COST,
    }
)
# Public money the scheme gives back (netted out of what was paid to it).
SCHEME_REFUND_CATEGORIES = frozenset({SURPLUS_CLAWBACK})

# Costs of the employers of scheme jobs (the numerator of ebe_cost_per_fte_year).
EMPLOYER_COST_CATEGORIES = frozenset(
    {
        WAGE_NET,
        EMPLOYER_CONTRIBUTION,
        EMPLOYEE_CONTRIBUTION,
        INCOME_TAX,
        SUPERVISION,
        RUNNING_COSTS,
        STARTUP_INVESTMENT,
    }
)

# Transfers between public budgets: they move money inside the public sector and cancel out
# when all payers are summed.
INTRA_PUBLIC_CATEGORIES = frozenset({RIS_REIMBURSEMENT, RIS_FILE_FEE, FUND_FINANCING, REDUCTION_COMPENSATION})
# Flows that exist only in the by-payer accounting convention: the consolidated convention treats
# all public bodies as one, so a contribution reduction the State compensates nets out.
BY_PAYER_ONLY_CATEGORIES = frozenset({REDUCTION_COMPENSATION})
