/**
 * The GitHub token, found one way for every stage (attestation store,
 * verify's attestation lookup, the command line): the value given, unless
 * it is empty or a `${{ ... }}` expression nobody expanded (the action's
 * default when it runs outside a workflow); else GITHUB_TOKEN, else
 * GH_TOKEN (as gh reads it). Undefined when there is none.
 */
function githubToken(given, env) {
    if (given && !given.startsWith('${{'))
        return given;
    return env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

export { githubToken as g };
