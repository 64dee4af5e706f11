/** The flags of `verify --evidence-type cs-token` (Google Confidential Space tokens). */
export const CS_FLAGS = {
  'cs-audience': {
    type: 'string',
    arg: 'AUDIENCE',
    help: 'Confidential Space: the audience the token was asked for (required for cs-token).'
  },
  'cs-jwks': {
    type: 'string',
    arg: 'FILE|URL',
    file: {
      kind: 'json',
      path: (v: string) => (/^https?:\/\//.test(v) ? undefined : v)
    },
    help: "Confidential Space OIDC tokens: the signer's JWKS, a file or an https URL (PKI tokens need none)."
  },
  'cs-root': {
    type: 'string',
    arg: 'PEM',
    file: 'pem',
    help: "Confidential Space PKI tokens: a PEM root instead of Google's pinned Confidential Space Root CA."
  },
  'cs-support': {
    type: 'string',
    arg: 'ATTR,...',
    help: 'Confidential Space: required support_attributes, comma-separated (default STABLE; empty for none).'
  },
  'cs-hwmodel': {
    type: 'string',
    arg: 'MODEL,...',
    help: 'Confidential Space: accepted hwmodel values, comma-separated (default GCP_AMD_SEV, GCP_AMD_SEV_ES, GCP_AMD_SEV_SNP, GCP_INTEL_TDX).'
  },
  'cs-allow-debug': {
    type: 'boolean',
    default: false,
    help: 'Confidential Space: accept a debug image (dbgstat not disabled-since-boot).'
  },
  'cs-allow-cmd-override': {
    type: 'boolean',
    default: false,
    help: 'Confidential Space: accept a token whose container command the operator overrode.'
  }
} as const
