import { l as readInputText, E as EnclaveBuildError } from '../index.js';
import { M as MAX_MANIFEST_BYTES } from './limits-RqFrFHLa.js';
import { X as loadSgxKey } from './key-CepCWXxb.js';
import 'node:os';
import 'node:crypto';
import 'node:fs';
import 'node:path';
import 'node:fs/promises';
import 'node:child_process';

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
