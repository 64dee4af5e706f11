import { v as readInputText, E as EnclaveBuildError, M as MAX_MANIFEST_BYTES } from './main-BQHnxbfa.js';
import { l as loadSgxKey } from './key-DGgXfYoe.js';
import 'node:crypto';
import './constants-CptRa1hx.js';

const fs = process.getBuiltinModule('node:fs');
/**
 * Gramine's inputs checked before the Go build: the signing key parses
 * (with its passphrase), the manifest template and libpal are readable
 * files, gramine-root is a directory.
 */
async function graminePreflight(g, c) {
    if (g['signing-key'].trim() !== '')
        await c.check(() => loadSgxKey(g['signing-key'], g['signing-key-passphrase'] || undefined, c.input('signing-key-passphrase')));
    await c.check(() => readInputText(g['manifest-template'], c.input('manifest-template'), {
        maxBytes: MAX_MANIFEST_BYTES
    }));
    if (g.libpal !== '')
        await c.file(g.libpal, 'libpal');
    if (g['gramine-root'] !== '')
        await c.check(() => {
            if (!fs.statSync(g['gramine-root']).isDirectory())
                throw new EnclaveBuildError('FILE_NOT_REGULAR', `${c.input('gramine-root')} ${g['gramine-root']} is not a directory`);
        });
}

export { graminePreflight };
