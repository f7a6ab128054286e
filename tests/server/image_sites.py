"""Images with Content Credentials made at run time, and a local site that shows them.

A certificate chain is generated here with `cryptography` (EC P-256: a root CA and a signing
leaf), and images are signed with c2pa-python's Builder and a callback Signer, without a
time-stamp authority. Nothing here is copied from another project; every key is fresh.
"""

from __future__ import annotations

import datetime
import io
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import c2pa
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image
from pytest_httpserver import HTTPServer

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
CAPTURE = IPTC + "digitalCapture"
AI = IPTC + "trainedAlgorithmicMedia"
SIGNER_ORG = "Harbour Gazette Photo Desk"
SIGNER_CN = "Harbour Gazette signing key"
TOOL = "Harbour Camera"


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        ]
    )


def _usage(**on: bool) -> x509.KeyUsage:
    names = (
        "digital_signature content_commitment key_encipherment data_encipherment "
        "key_agreement key_cert_sign crl_sign encipher_only decipher_only"
    ).split()
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


@dataclass
class Chain:
    root_pem: str
    leaf_pem: str
    leaf_key: ec.EllipticCurvePrivateKey

    def sign(self, data: bytes) -> bytes:
        """ES256 as COSE wants it: r and s, 32 bytes each (not DER)."""
        r, s = decode_dss_signature(self.leaf_key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def make_chain() -> Chain:
    now = datetime.datetime.now(datetime.UTC)
    valid = (now - datetime.timedelta(days=1), now + datetime.timedelta(days=30))
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("Test Newsroom Root CA", "Test Newsroom Trust")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid[0])
        .not_valid_after(valid[1])
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False)
        .sign(root_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(SIGNER_CN, SIGNER_ORG))
        .issuer_name(root_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid[0])
        .not_valid_after(valid[1])
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(digital_signature=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), False)
        .sign(root_key, hashes.SHA256())
    )

    def pem(cert: x509.Certificate) -> str:
        return cert.public_bytes(serialization.Encoding.PEM).decode()

    return Chain(pem(root), pem(leaf), leaf_key)


def jpeg(width: int = 96, height: int = 64, seed: int = 1, quality: int = 85) -> bytes:
    """A photo-like JPEG: noise, so its data runs long enough to alter in the middle."""
    rng = random.Random(seed)
    img = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def signed(chain: Chain, source: bytes, digital_source_type: str) -> bytes:
    manifest = {
        "claim_generator_info": [{"name": TOOL, "version": "2.1"}],
        "title": "harbour.jpg",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {"action": "c2pa.created", "digitalSourceType": digital_source_type}
                    ]
                },
            }
        ],
    }
    signer = c2pa.Signer.from_callback(
        chain.sign, c2pa.C2paSigningAlg.ES256, chain.leaf_pem + chain.root_pem, None
    )
    out = io.BytesIO()
    with c2pa.Builder(json.dumps(manifest)) as builder:
        builder.sign(signer, "image/jpeg", io.BytesIO(source), out)
    return out.getvalue()


def altered(image: bytes) -> bytes:
    """One byte of the picture data changed after signing (the manifest is left alone)."""
    data = bytearray(image)
    data[-200] ^= 0x5A  # inside the entropy-coded scan, before the end-of-image marker
    return bytes(data)


@pytest.fixture(scope="session")
def chain() -> Chain:
    return make_chain()


@pytest.fixture(scope="session")
def images(chain: Chain) -> dict[str, tuple[bytes, str]]:
    """case -> (body, content type) served as the lead image."""
    photo = signed(chain, jpeg(seed=1), CAPTURE)
    return {
        "captured": (photo, "image/jpeg"),
        "ai": (signed(chain, jpeg(seed=2), AI), "image/jpeg"),
        "altered": (altered(photo), "image/jpeg"),
        "plain": (jpeg(seed=3), "image/jpeg"),
        "not-an-image": (b"<!doctype html><title>Gallery</title><p>Photos</p>", "text/html"),
        "oversized": (jpeg(640, 480, seed=4, quality=95), "image/jpeg"),
    }


MAX_IMAGE_BYTES = 150_000  # the oversized case is well above it, the others well below


def article(case: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour dredging to start in May - Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:image" content="/media/{case}.jpg">
</head><body><header><nav><a href="/">Home</a></nav></header>
<main><article><h1>Harbour dredging to start in May</h1>
<p class="byline">By Jane Doe</p>
<figure><img src="/media/{case}.jpg" alt="Dredgers at the quay">
<figcaption>Dredgers at the north quay. Photo: Tom Baker/Reuters</figcaption></figure>
<div class="article-body"><p>The harbour authority said on Monday that dredging would start in
May, according to <a href="https://www.gov.uk/harbour-report">a report</a>.</p>
<p>{"The quay will stay open to the fishing fleet while the work goes on. " * 30}</p>
</div></article></main></body></html>"""


@dataclass
class Site:
    server: HTTPServer

    def url(self, case: str) -> str:
        return self.server.url_for(f"/news/{case}")

    def image_url(self, case: str) -> str:
        return self.server.url_for(f"/media/{case}.jpg")

    def fetched(self, case: str) -> int:
        return sum(1 for req, _ in self.server.log if req.path == f"/media/{case}.jpg")


@pytest.fixture
def site(images: dict[str, tuple[bytes, str]]) -> Iterator[Site]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    for case, (body, mime) in images.items():
        server.expect_request(f"/news/{case}").respond_with_data(
            article(case), content_type="text/html"
        )
        server.expect_request(f"/media/{case}.jpg").respond_with_data(body, content_type=mime)
    yield Site(server)
    server.clear()
    if server.is_running():
        server.stop()


def wait_for_image(get: Callable[[], dict[str, Any]], tries: int = 600) -> dict[str, Any]:
    """Ask for the report (at most `tries` times, 50 ms apart) until its lead image is checked."""
    report: dict[str, Any] = {}
    for _ in range(tries):
        report = get()
        if report.get("image_checks", {}).get("state") in ("ready", "failed"):
            return report
        time.sleep(0.05)
    raise AssertionError(f"the lead image was not checked: {report.get('image_checks')}")


# case -> what the report must say about the lead image once it is checked
EXPECTED: dict[str, dict[str, Any]] = {
    "captured": {
        "state": "ready",
        "present": True,
        "validation": "valid",
        "generated_by_ai": False,
        "digital_source_type": CAPTURE,
        "findings": {"IMAGE_CREDENTIALS_VALID"},
        "summary": f"Content Credentials: signed by {SIGNER_ORG} with {TOOL} 2.1 "
        "(signer not on a trust list), captured by a camera",
    },
    "ai": {
        "state": "ready",
        "present": True,
        "validation": "valid",
        "generated_by_ai": True,
        "digital_source_type": AI,
        "findings": {"IMAGE_CREDENTIALS_VALID", "IMAGE_AI_GENERATED"},
        "summary": f"Content Credentials: signed by {SIGNER_ORG} with {TOOL} 2.1 "
        "(signer not on a trust list), generated by AI",
    },
    "altered": {
        "state": "ready",
        "present": True,
        "validation": "invalid",
        "generated_by_ai": False,
        "digital_source_type": CAPTURE,
        "findings": {"IMAGE_CREDENTIALS_INVALID"},
        "summary": "Content Credentials do not match the image (altered after signing or damaged)",
    },
    "plain": {
        "state": "ready",
        "present": False,
        "validation": None,
        "generated_by_ai": False,
        "digital_source_type": None,
        "findings": set(),
        "summary": "No Content Credentials",
    },
    "not-an-image": {
        "state": "failed",
        "present": False,
        "validation": None,
        "generated_by_ai": False,
        "digital_source_type": None,
        "findings": set(),
        "reason": "text/html, not an image",
        "summary": "Content Credentials: not checked (the image: it is text/html, not an image)",
    },
    "oversized": {
        "state": "failed",
        "present": False,
        "validation": None,
        "generated_by_ai": False,
        "digital_source_type": None,
        "findings": set(),
        "reason": f"larger than {MAX_IMAGE_BYTES} bytes",
        "summary": f"Content Credentials: not checked (the image is larger than {MAX_IMAGE_BYTES} "
        "bytes)",
    },
}
CREDENTIAL_RULES = {"IMAGE_CREDENTIALS_VALID", "IMAGE_CREDENTIALS_INVALID", "IMAGE_AI_GENERATED"}


def check_report(case: str, report: dict[str, Any], image_url: str) -> None:
    """The report's lead image and findings are what EXPECTED says for `case`."""
    want = EXPECTED[case]
    lead = report["facts"]["lead_image"]
    assert lead["url"] == image_url
    assert lead["credit"]["text"] == "Tom Baker/Reuters"  # a page fact, there from the start
    c = lead["credentials"]
    keys = ("state", "present", "validation", "generated_by_ai", "digital_source_type", "summary")
    for key in keys:
        assert c[key] == want[key], (case, key, c)
    assert c["trusted"] is False  # no trust list configured: every signer is untrusted
    if c["present"]:
        assert c["signer"] == {"issuer": SIGNER_ORG, "common_name": SIGNER_CN}
        assert c["claim_generator"] == f"{TOOL} 2.1"
        assert c["actions"] == ["c2pa.created"]
        assert "signingCredential.untrusted" in c["problems"]
        assert c["signed_at"] is None  # signed without a time-stamp authority
    if case == "altered":
        assert "assertion.dataHash.mismatch" in c["problems"]
    if "reason" in want:
        assert want["reason"] in c["reason"]
    fired = {f["rule"] for f in report["findings"]} & CREDENTIAL_RULES
    assert fired == want["findings"], (case, fired)
    for f in report["findings"]:
        if f["rule"] in CREDENTIAL_RULES:
            assert f["evidence"][0]["url"] == image_url
