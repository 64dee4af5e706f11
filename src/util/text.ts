const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Why a kernel command line cannot be measured as given, or undefined.
 * Command-line arguments and action inputs reach us decoded from UTF-8,
 * with every invalid byte already turned into U+FFFD: two different byte
 * strings would then be measured as the same text, so U+FFFD is refused
 * (as are lone UTF-16 surrogates, which have no UTF-8 form at all).
 */
export function cmdlineTextProblem(text: string): string | undefined {
  if (text.includes('\uFFFD'))
    return 'holds U+FFFD, which is what invalid UTF-8 becomes when it is read; give the command line as valid UTF-8'
  if (LONE_SURROGATE.test(text))
    return 'holds a lone UTF-16 surrogate, which has no UTF-8 form'
  return undefined
}
