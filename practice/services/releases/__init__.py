"""Releases of information: who may receive what about a client, until when, and revocation."""

from __future__ import annotations

from practice.services.releases.lifecycle import (
    SCOPES,
    DisclosureDecision,
    DisclosureRefused,
    RefusalCode,
    ReleaseDetails,
    ReleaseState,
    ReleaseView,
    Scan,
    ScanInfo,
    Scope,
    attach_scan,
    check_disclosure,
    get_release,
    get_scan,
    list_releases,
    record_release,
    releases_expiring,
    require_disclosure,
    revoke_release,
)

__all__ = [
    "SCOPES",
    "DisclosureDecision",
    "DisclosureRefused",
    "RefusalCode",
    "ReleaseDetails",
    "ReleaseState",
    "ReleaseView",
    "Scan",
    "ScanInfo",
    "Scope",
    "attach_scan",
    "check_disclosure",
    "get_release",
    "get_scan",
    "list_releases",
    "record_release",
    "releases_expiring",
    "require_disclosure",
    "revoke_release",
]
