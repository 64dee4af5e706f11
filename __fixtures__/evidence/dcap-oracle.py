"""Runs dcap-qvl (the PyPI bindings of Phala's Rust verifier) over cases.

Reads JSON lines {"quote": hex, "collateral": JSON text, "now": seconds}
on stdin; prints one JSON line per case: {"ok": true, "status": ...,
"advisoryIds": [...]} or {"ok": false, "error": ...}. Used by
__tests__/verify/dcap-differential.test.ts as the independent verifier.
"""
import json
import sys

import dcap_qvl

for line in sys.stdin:
    case = json.loads(line)
    try:
        collateral = dcap_qvl.QuoteCollateralV3.from_json(case["collateral"])
        report = dcap_qvl.verify(bytes.fromhex(case["quote"]), collateral, case["now"])
        out = {"ok": True, "status": report.status, "advisoryIds": list(report.advisory_ids)}
    except Exception as err:  # every refusal, whatever its type
        out = {"ok": False, "error": str(err)[:300]}
    print(json.dumps(out), flush=True)
