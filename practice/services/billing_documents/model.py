"""What the billing documents print and what issuing one hands back: frozen values only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practice.billing.money import Money


@dataclass(frozen=True, slots=True)
class Biller:
    """The therapist as an insurer or a good-faith estimate must name them.

    Attributes:
        name: The therapist's name with credentials ("Ada Rivera, PhD, LMFT").
        npi: The individual (type 1) NPI, ten digits.
        tax_id: The employer identification number, printed ``12-3456789``.
        licences: Licences in force on the day, such as ``"LMFT CA 12345"``.
        states: The states those licences cover, for "where services are given".
    """

    name: str
    npi: str
    tax_id: str
    licences: tuple[str, ...]
    states: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Patient:
    """The client as an insurer matches records: the legal name, never the chosen one.

    Attributes:
        client_id: The client.
        legal_name: Their legal name.
        date_of_birth: When known.
        address: Their postal address, as typed (may hold several lines).
    """

    client_id: int
    legal_name: str
    date_of_birth: date | None
    address: str


@dataclass(frozen=True, slots=True)
class DiagnosisCode:
    """An ICD-10-CM code on a document, with the letter service lines point to it by.

    Attributes:
        pointer: ``A`` to ``L`` as on a claim form (further codes go on in the alphabet).
        code: Such as ``F52.0``.
        description: Its words when the code is on the practice's list.
    """

    pointer: str
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """One service on a superbill: a session's line with all its payers' parts summed.

    Attributes:
        service_date: The day of the session.
        place_of_service: The CMS place code (``11``, ``10`` or ``02``).
        code: The CPT code.
        modifiers: Such as ``("95",)``.
        pointers: Letters of the diagnoses the line treats, most important first.
        units: Units of the code.
        fee: What the line comes to after adjustments and write-offs.
        paid: Payments applied to it.
        balance: Still owed on it.
    """

    service_date: date
    place_of_service: str
    code: str
    modifiers: tuple[str, ...]
    pointers: tuple[str, ...]
    units: int
    fee: Money
    paid: Money
    balance: Money


@dataclass(frozen=True, slots=True)
class Superbill:
    """Everything one client's superbill for a period prints.

    Attributes:
        patient: The client.
        biller: The therapist.
        start: The first day of the period.
        end: The last day of the period.
        issued_on: The day it is prepared.
        diagnoses: The codes the lines point to, in pointer order.
        lines: The services, oldest first.
    """

    patient: Patient
    biller: Biller
    start: date
    end: date
    issued_on: date
    diagnoses: tuple[DiagnosisCode, ...]
    lines: tuple[ServiceLine, ...]

    @property
    def total_fee(self) -> Money:
        """The sum of the lines' fees."""
        return sum((line.fee for line in self.lines), Money.zero())

    @property
    def total_paid(self) -> Money:
        """The sum paid on the lines."""
        return sum((line.paid for line in self.lines), Money.zero())

    @property
    def total_balance(self) -> Money:
        """The sum still owed on the lines."""
        return sum((line.balance for line in self.lines), Money.zero())


@dataclass(frozen=True, slots=True)
class EstimateLine:
    """Sessions of one service expected at one fee.

    Attributes:
        code: The CPT code.
        label: Its words.
        sessions: How many are expected.
        fee: The fee for each.
        first: The first expected date at this fee.
    """

    code: str
    label: str
    sessions: int
    fee: Money
    first: date

    @property
    def total(self) -> Money:
        """Sessions times the fee."""
        return Money(self.fee.cents * self.sessions)


@dataclass(frozen=True, slots=True)
class Estimate:
    """Everything a good-faith estimate prints.

    Attributes:
        patient: The client.
        biller: The therapist.
        issued_on: The day it is given.
        start: The first expected session.
        end: The last day the estimate covers (at most twelve months on).
        frequency: The planned frequency in words ("weekly").
        diagnoses: The client's current diagnoses from their latest signed note, if any.
        lines: The expected services.
    """

    patient: Patient
    biller: Biller
    issued_on: date
    start: date
    end: date
    frequency: str
    diagnoses: tuple[DiagnosisCode, ...]
    lines: tuple[EstimateLine, ...]

    @property
    def total(self) -> Money:
        """The total expected charges."""
        return sum((line.total for line in self.lines), Money.zero())


@dataclass(frozen=True, slots=True)
class IssuedDocument:
    """A superbill or estimate as stored and logged.

    Attributes:
        id: Its row in ``billing_documents``.
        kind: ``superbill`` or ``estimate``.
        client_id: Whose it is.
        issued_on: The day it was given.
        period_from: The first day it covers.
        period_to: The last day it covers.
        total: The superbill's total fee, or the estimate's total.
        sha256: Of the stored PDF.
        disclosure_id: Its row in the client's disclosure log.
        pdf: The PDF as stored (not password-protected).
    """

    id: int
    kind: str
    client_id: int
    issued_on: date
    period_from: date | None
    period_to: date | None
    total: Money
    sha256: str
    disclosure_id: int | None
    pdf: bytes
