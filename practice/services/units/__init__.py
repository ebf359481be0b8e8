"""Units of care (individuals, couples, polycules) and the relationships between members.

A unit's members change over time; the relationships between them form a graph.
"""

from __future__ import annotations

from practice.services.units.care_units import (
    CONFIDENTIALITY,
    UNIT_KINDS,
    Agreement,
    Confidentiality,
    Membership,
    UnitKind,
    UnitView,
    change_members,
    close_unit,
    create_unit,
    current_unit_kinds,
    get_unit,
    list_units,
    set_agreement,
    size_fits,
    unit_view,
    units_by_id,
    units_of_client,
)
from practice.services.units.relationships import (
    RELATIONSHIP_KINDS,
    Edge,
    Metamour,
    RelationshipKind,
    UnitGraph,
    add_relationship,
    derive_metamours,
    end_relationship,
    relationships_of,
    unit_graph,
)

__all__ = [
    "CONFIDENTIALITY",
    "RELATIONSHIP_KINDS",
    "UNIT_KINDS",
    "Agreement",
    "Confidentiality",
    "Edge",
    "Membership",
    "Metamour",
    "RelationshipKind",
    "UnitGraph",
    "UnitKind",
    "UnitView",
    "add_relationship",
    "change_members",
    "close_unit",
    "create_unit",
    "current_unit_kinds",
    "derive_metamours",
    "end_relationship",
    "get_unit",
    "list_units",
    "relationships_of",
    "set_agreement",
    "size_fits",
    "unit_graph",
    "unit_view",
    "units_by_id",
    "units_of_client",
]
