/**
 * Secrets out of every message, log line and output: the userinfo of a
 * URL (`oci://user:password@host/...`), JSON Web Tokens (OIDC identity
 * tokens), GitHub tokens and Authorization header values. Entry points
 * pass everything they print through {@link redact}; code that holds a
 * secret it knows (a token it fetched) also passes it as `known`.
 */

const PATTERNS: [RegExp, string][] = [
  // scheme://userinfo@ (RFC 3986 section 3.2.1); the host stays
  [/\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@\s"'<>]+@/g, '$1[redacted]@'],
  // a JWT: three base64url parts, the first a JSON header ("eyJ" = '{"')
  [
    /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
    '[redacted token]'
  ],
  // GitHub's token formats (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)
  [
    /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
    '[redacted token]'
  ],
  // Authorization: Bearer|Basic <credentials>
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]']
]

/** `text` with every secret it shows replaced by a marker. */
export function redact(text: string, known: readonly string[] = []): string {
  let out = text
  for (const secret of known)
    if (secret.length >= 4) out = out.split(secret).join('[redacted]')
  for (const [re, marker] of PATTERNS) out = out.replace(re, marker)
  return out
}
