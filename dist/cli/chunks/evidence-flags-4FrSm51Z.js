/** The evidence flags, in the order action.yml lists their inputs. */
const EVIDENCE_FLAGS = {
    'evidence-time': {
        type: 'string',
        default: 'now',
        arg: 'now|document|RFC3339',
        help: 'When certificates and collateral must be valid: now, document (Nitro: its own timestamp) or an RFC 3339 time.'
    },
    'dcap-collateral': {
        type: 'string',
        arg: 'FILE',
        file: 'json',
        help: "SGX/TDX quotes: Intel's collateral as a JSON file in dcap-qvl's shape (tcb_info, qe_identity, CRLs, issuer chains); required for them."
    },
    'dcap-tcb-accept': {
        type: 'string',
        arg: 'STATUS,...',
        default: 'UpToDate',
        help: 'SGX/TDX: the TCB statuses accepted, comma-separated (UpToDate, SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded).'
    },
    'dcap-allow-debug': {
        type: 'boolean',
        default: false,
        help: 'SGX/TDX: accept a debug enclave or TD.'
    },
    'nitro-allow-debug': {
        type: 'boolean',
        default: false,
        help: 'Nitro: accept a document from an enclave run in debug mode (all PCRs zero).'
    },
    'nitro-root': {
        type: 'string',
        arg: 'PEM',
        file: 'pem',
        help: "AWS Nitro's root certificate (default: the built-in one).",
        cliOnly: true
    },
    'dcap-pcs': {
        type: 'string',
        arg: 'URL',
        help: 'SGX/TDX without --dcap-collateral: fetch the collateral from this Intel PCS (or PCCS) base URL, e.g. https://api.trustedservices.intel.com.'
    },
    'evidence-offline': {
        type: 'boolean',
        default: false,
        help: 'Fetch no collateral or VCEK: use --evidence-cache only (filled by an earlier online run).'
    },
    'snp-vcek': {
        type: 'string',
        arg: 'FILE',
        file: 'pem',
        help: "SEV-SNP: path of the report's VCEK or VLEK (PEM or DER). Empty: fetched from AMD KDS (VCEK only)."
    },
    'snp-ask': {
        type: 'string',
        arg: 'FILE',
        file: 'pem',
        help: "SEV-SNP: path of the ASK or ASVK (PEM or DER). Empty: AMD's, pinned for Milan, Genoa and Turin."
    },
    'snp-policy': {
        type: 'string',
        arg: 'SPEC',
        help: 'SEV-SNP: accepted guest policy, e.g. debug=deny,migrate-ma=deny,smt=allow,min-tcb.snp=22 (default: debug and migration agent refused, SMT allowed).'
    },
    'snp-crl': {
        type: 'string',
        arg: 'FILE|kds',
        file: {
            kind: 'evidence',
            path: (v) => (v === 'kds' ? undefined : v)
        },
        help: "SEV-SNP: AMD's CRL for the ASK/ASVK, a DER file or kds to fetch it from AMD KDS (default: not checked, as go-sev-guest)."
    },
    'snp-kds': {
        type: 'string',
        arg: 'URL',
        help: 'SEV-SNP: AMD KDS base URL (default https://kdsintf.amd.com).'
    },
    'evidence-cache': {
        type: 'string',
        arg: 'DIR',
        help: 'Directory where VCEKs fetched from AMD KDS are kept.'
    },
    'evidence-register': {
        type: 'string',
        arg: 'HOST_DATA|MRCONFIGID',
        actionChoices: ['HOST_DATA', 'MRCONFIGID'],
        help: 'Look the attestation up by this register of the evidence: HOST_DATA (SEV-SNP) or MRCONFIGID (TDX), for a CoCo initdata or ACI policy digest.'
    },
    'cs-audience': {
        type: 'string',
        arg: 'AUDIENCE',
        help: 'Confidential Space tokens: the audience the token was asked for (required for cs-token).'
    },
    'cs-jwks': {
        type: 'string',
        arg: 'FILE|URL',
        file: {
            kind: 'json',
            path: (v) => (/^https?:\/\//.test(v) ? undefined : v)
        },
        help: "Confidential Space OIDC tokens: the signer's JWKS, a file or an https URL (PKI tokens verify to Google's pinned root without it)."
    },
    'cs-root': {
        type: 'string',
        arg: 'PEM',
        file: 'pem',
        help: "Confidential Space PKI tokens: a PEM root instead of Google's pinned Confidential Space Root CA.",
        cliOnly: true
    },
    'cs-support': {
        type: 'string',
        arg: 'ATTR,...',
        help: 'Confidential Space: required support_attributes, comma-separated (default STABLE; empty for none).',
        cliOnly: true
    },
    'cs-hwmodel': {
        type: 'string',
        arg: 'MODEL,...',
        help: 'Confidential Space: accepted hwmodel values, comma-separated (default GCP_AMD_SEV, GCP_AMD_SEV_ES, GCP_AMD_SEV_SNP, GCP_INTEL_TDX).',
        cliOnly: true
    },
    'cs-allow-debug': {
        type: 'boolean',
        default: false,
        help: 'Confidential Space: accept a debug image (dbgstat not disabled-since-boot).',
        cliOnly: true
    },
    'cs-allow-cmd-override': {
        type: 'boolean',
        default: false,
        help: 'Confidential Space: accept a token whose container command the operator overrode.',
        cliOnly: true
    },
    'evidence-challenge': {
        type: 'string',
        arg: 'HEX',
        help: 'Hex the evidence must carry (Nitro nonce; prefix of the SGX/TDX/SNP report data), so recorded evidence cannot be replayed.'
    }
};
/**
 * The table as `parse()` flag definitions for the command line: a string
 * flag without a default is left undefined when not given, as before.
 */
function evidenceCliFlags() {
    const out = {};
    for (const [name, f] of Object.entries(EVIDENCE_FLAGS))
        // cliOnly and actionChoices are the table's, not the parser's
        out[name] = Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'cliOnly' && k !== 'actionChoices'));
    return out;
}

export { EVIDENCE_FLAGS as E, evidenceCliFlags as e };
