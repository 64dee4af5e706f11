import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { E as EVIDENCE_TYPES } from './types-Cg6oWdtl.js';

/** Refused when the material to verify a kind is missing. */
function needs(type, what) {
    throw new EnclaveBuildError('INPUT_INVALID', `${type} evidence needs ${what} to be verified`);
}
const DCAP_NEEDS = "Intel's collateral: --dcap-collateral FILE (dcap-qvl's JSON shape: tcb_info, qe_identity, CRLs and issuer chains from Intel PCS), or --dcap-pcs https://api.trustedservices.intel.com to fetch it";
/** An Intel DCAP quote kind: SGX and TDX differ only in what they report. */
function dcapKind(type, description, registers) {
    return {
        description,
        flags: [
            '--dcap-collateral',
            '--dcap-pcs',
            '--dcap-tcb-accept',
            '--dcap-allow-debug',
            '--evidence-time'
        ],
        freshness: { field: 'reportData', match: 'prefix' },
        registers,
        verify: async (bytes, o) => o.dcap
            ? (await import('./dcap-verify-7MgF3SQv.js')).verifyDcapQuote(type, bytes, {
                ...o.dcap,
                at: o.at
            })
            : needs(type, DCAP_NEEDS)
    };
}
/** The evidence kinds, by `--evidence-type`. */
const EVIDENCE_KINDS = {
    nitro: {
        description: 'AWS Nitro Enclaves attestation document (COSE_Sign1, ES384) to the pinned AWS Nitro root',
        flags: ['--nitro-root', '--nitro-allow-debug', '--evidence-time'],
        freshness: { field: 'nonce', match: 'equal' },
        registers: Array.from({ length: 32 }, (_, i) => `PCR${i}`),
        verify: async (bytes, o) => (await import('./nitro-D2u7FQiu.js')).parseNitroDocument(bytes, o.nitro)
    },
    nitrotpm: {
        description: 'AWS NitroTPM attestation document (COSE_Sign1, ES384, nitrotpm_pcrs) of an EC2 instance to the pinned AWS Nitro root',
        flags: ['--nitro-root', '--evidence-time'],
        freshness: { field: 'nonce', match: 'equal' },
        registers: Array.from({ length: 24 }, (_, i) => `PCR${i}`),
        verify: async (bytes, o) => (await import('./nitrotpm-CQsZDGUa.js')).parseNitroTpmDocument(bytes, o.nitro)
    },
    'sgx-quote': dcapKind('sgx-quote', "Intel SGX DCAP quote v3/v4 to the pinned Intel SGX Root CA, with Intel's TCB status", ['MRENCLAVE', 'MRSIGNER']),
    'td-quote': dcapKind('td-quote', "Intel TDX DCAP quote v4/v5 to the pinned Intel SGX Root CA, with Intel's TCB status", ['MRTD', 'RTMR0', 'RTMR1', 'RTMR2', 'RTMR3', 'MRCONFIGID']),
    'snp-report': {
        description: 'AMD SEV-SNP attestation report to the pinned AMD ARK (Milan, Genoa, Turin) through its VCEK or VLEK',
        flags: [
            '--snp-vcek',
            '--snp-ask',
            '--snp-policy',
            '--snp-kds',
            '--evidence-cache',
            '--evidence-time'
        ],
        freshness: { field: 'reportData', match: 'prefix' },
        registers: ['SNP_LAUNCH_DIGEST', 'HOST_DATA'],
        verify: async (bytes, o) => o.snp
            ? (await import('./snp-verify-EYmpMTE-.js').then(function (n) { return n.a; })).verifySnpReport(bytes, {
                ...o.snp,
                at: o.at
            })
            : needs('snp-report', 'its VCEK/VLEK: --snp-vcek FILE, or AMD KDS')
    },
    'cs-token': {
        description: "Google Cloud Confidential Space attestation token (JWT): PKI tokens to Google's pinned root offline, OIDC tokens with a JWKS; the container image digest is the measurement",
        flags: [
            '--cs-audience',
            '--cs-jwks',
            '--cs-root',
            '--cs-allow-debug',
            '--cs-support',
            '--cs-hwmodel',
            '--cs-allow-cmd-override',
            '--evidence-time'
        ],
        freshness: { field: 'eatNonce', match: 'equal' },
        registers: ['IMAGE_DIGEST'],
        verify: async (bytes, o) => o.cs
            ? (await import('./cs-token-BhwuwhBZ.js')).verifyCsToken(bytes, {
                ...o.cs,
                at: o.at
            })
            : needs('cs-token', 'the audience it was asked for: --cs-audience AUD')
    }
};

/** Checks a user-given evidence type. */
function evidenceType(value) {
    if (!EVIDENCE_TYPES.includes(value))
        throw new EnclaveBuildError('INPUT_INVALID', `--evidence-type must be one of ${EVIDENCE_TYPES.join(', ')}, got "${value}"`);
    return value;
}
/**
 * Reads and verifies evidence of the given type to its vendor's root, by
 * its entry in EVIDENCE_KINDS. There is no parse-only path: evidence
 * without the material to verify it is refused, so an unsigned report can
 * never pass as the enclave's.
 */
async function readEvidence(type, bytes, options) {
    return EVIDENCE_KINDS[type].verify(bytes, options);
}

export { EVIDENCE_KINDS, EVIDENCE_TYPES, evidenceType, readEvidence };
