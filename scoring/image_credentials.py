"""Read an image's Content Credentials (a C2PA manifest) into ImageCredentials.

The bytes come from the server (server/image_checks.py fetches the lead image); reading them is
pure and offline: the official binding (c2pa-python) checks the manifest's signature and that
the image's bytes still hash to what was signed. Whether the signer is *trusted* depends on the
trust anchors the admin configures (a PEM bundle); without one, every signer is untrusted.
"""

from __future__ import annotations

import io
import json
from typing import Any

from scoring.data import load_toml
from scoring.facts import CredentialSigner, ImageCredentials

AI_SOURCE_TYPES = frozenset(load_toml("image_credits.toml")["ai_source_types"])
ACTIONS_LABEL = "c2pa.actions"
MAX_ACTIONS = 20
MAX_PROBLEMS = 20


def read_credentials(
    data: bytes,
    mime: str,
    trust_anchors: str | None = None,
    checked_at: str | None = None,
) -> ImageCredentials:
    """What the image's manifest says; `present` is False when it carries none."""
    import c2pa  # the native library loads on first use, in the process that reads images

    out = ImageCredentials(state="ready", checked_at=checked_at)
    context = None
    if trust_anchors:
        settings = c2pa.Settings.from_dict(
            {"verify": {"verify_trust": True}, "trust": {"trust_anchors": trust_anchors}}
        )
        context = c2pa.Context(settings)
    try:
        with c2pa.Reader(mime, io.BytesIO(data), context=context) as reader:
            manifest_store = json.loads(reader.json())
    except c2pa.C2paError.ManifestNotFound:
        return out  # no credentials: most images today
    except c2pa.C2paError.NotSupported:
        out.reason = f"Content Credentials cannot be read from {mime}"
        return out
    except c2pa.C2paError as e:
        # A manifest is there but cannot be read as one: it does not hold up.
        out.present, out.validation = True, "invalid"
        out.problems = [_error_code(e)]
        out.reason = str(e)[:200]
        return out
    return _from_store(out, manifest_store, trusted_list=bool(trust_anchors))


def _from_store(
    out: ImageCredentials, store: dict[str, Any], trusted_list: bool
) -> ImageCredentials:
    manifests = store.get("manifests") or {}
    active = manifests.get(store.get("active_manifest") or "") or {}
    out.present = bool(active)
    if not out.present:
        return out
    sig = active.get("signature_info") or {}
    out.signer = CredentialSigner(_str(sig.get("issuer")), _str(sig.get("common_name")))
    out.signed_at = _str(sig.get("time"))
    out.claim_generator = _generator(active)
    actions: list[dict[str, Any]] = []
    for assertion in active.get("assertions") or []:
        label = str(assertion.get("label") or "")
        if label == ACTIONS_LABEL or label.startswith(ACTIONS_LABEL + "."):
            actions += [a for a in (assertion.get("data") or {}).get("actions") or [] if a]
    out.actions = [str(a.get("action")) for a in actions if a.get("action")][:MAX_ACTIONS]
    sources = [str(a["digitalSourceType"]) for a in actions if a.get("digitalSourceType")]
    out.digital_source_type = sources[0] if sources else None
    out.generated_by_ai = any(s.rstrip("/").rsplit("/", 1)[-1] in AI_SOURCE_TYPES for s in sources)
    statuses = store.get("validation_status") or []
    out.problems = [str(s.get("code")) for s in statuses if s.get("code")][:MAX_PROBLEMS]
    state = str(store.get("validation_state") or "").lower()
    if state in ("valid", "trusted"):
        out.validation = "valid"
    elif state == "invalid":
        out.validation = "invalid"
    else:  # an older library without a summary: any failure but trust makes it invalid
        failed = [p for p in out.problems if p != "signingCredential.untrusted"]
        out.validation = "invalid" if failed else "valid"
    out.trusted = trusted_list and state == "trusted"
    return out


def _generator(manifest: dict[str, Any]) -> str | None:
    for info in manifest.get("claim_generator_info") or []:
        if isinstance(info, dict) and info.get("name"):
            version = info.get("version")
            return f"{info['name']} {version}" if version else str(info["name"])
    return _str(manifest.get("claim_generator"))


def _error_code(e: Exception) -> str:
    name = type(e).__name__.lstrip("_").removeprefix("C2pa")
    return f"manifest.{name[:1].lower()}{name[1:]}" if name else "manifest.unreadable"


def _str(v: Any) -> str | None:
    return str(v)[:200] if v not in (None, "") else None
